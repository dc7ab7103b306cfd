package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;

/**
 * Opens a file of the local file store for a download link minted by {@link SignedDocumentLinks}: the signature is
 * the authorization (the link was minted for a member's run of the file's organization). A link that is not signed
 * by this server, was altered or has expired is refused with {@code FORBIDDEN} and no detail; a signed link whose file
 * is gone is {@code NOT_FOUND}. The caller streams and closes the content.
 */
public final class DownloadDocument {
    private final SignedDocumentLinks links;
    private final BlobStore blobs;

    public DownloadDocument(SignedDocumentLinks links, BlobStore blobs) {
        this.links = links;
        this.blobs = blobs;
    }

    /** The parts of a download link, as the route receives them. */
    public record Command(String key, String name, String expires, String signature) {}

    /** The opened file and the name to give it. */
    public record Download(BlobContent content, String name) {}

    public Download handle(Command command) {
        if (!links.valid(command.key(), command.name(), command.expires(), command.signature())) {
            throw new DomainException(ErrorCode.FORBIDDEN, "this link is invalid or has expired");
        }
        BlobKey key;
        try {
            key = BlobKey.of(command.key());
        } catch (DomainException e) {
            throw new DomainException(ErrorCode.FORBIDDEN, "this link is invalid or has expired");
        }
        return new Download(blobs.open(key), command.name());
    }
}
