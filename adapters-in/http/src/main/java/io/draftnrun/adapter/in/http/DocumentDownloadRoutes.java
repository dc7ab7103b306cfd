package io.draftnrun.adapter.in.http;

import io.draftnrun.application.knowledge.BlobContent;
import io.draftnrun.application.knowledge.DownloadDocument;
import io.draftnrun.application.knowledge.SignedDocumentLinks;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /files/download?key&name&expires&signature}: the download links of cited documents in the local file
 * store ({@link SignedDocumentLinks}). The signature is the credential, so the route needs no other identity. 403 with
 * a fixed text for a link that is missing a part, altered or expired; 404 when the file is gone. The file is streamed
 * in 64 KiB pieces (memory does not grow with its size) with its stored content type, {@code Content-Disposition}
 * naming the document ({@code inline} for PDF, images and plain text, {@code attachment} for anything else, so an
 * uploaded HTML page never runs on the API's origin), {@code nosniff}, a sandboxing CSP and no caching.
 */
public final class DocumentDownloadRoutes implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentDownloadRoutes.class);
    private static final Set<String> INLINE =
            Set.of("application/pdf", "text/plain", "image/png", "image/jpeg", "image/gif", "image/webp");

    private final DownloadDocument download;

    public DocumentDownloadRoutes(DownloadDocument download) {
        this.download = download;
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.get(SignedDocumentLinks.PATH, this::download);
    }

    private void download(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        DownloadDocument.Download file;
        try {
            var q = req.query();
            file = download.handle(new DownloadDocument.Command(
                    q.first("key").orElse(null),
                    q.first("name").orElse(null),
                    q.first("expires").orElse(null),
                    q.first("signature").orElse(null)));
        } catch (DomainException e) {
            if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.FORBIDDEN) {
                LOG.warn("document download failed: {}", e.getMessage());
            }
            HttpErrors.send(res, e, ERRORS);
            return;
        }
        try (BlobContent content = file.content()) {
            String type = content.info().contentType();
            String bare = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, type);
            res.header(HeaderNames.CONTENT_DISPOSITION, disposition(INLINE.contains(bare), file.name()));
            res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            res.header(HeaderNames.create("Content-Security-Policy"), "sandbox; default-src 'none'");
            res.contentLength(content.info().size());
            try (InputStream in = content.stream();
                    OutputStream out = res.outputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("streaming a document download failed", e);
        }
    }

    /**
     * A fixed text per outcome, never the error's own message: anything but NOT_FOUND and FORBIDDEN (UNAVAILABLE: the
     * store is unreachable) is "cannot be read now".
     */
    private static final HttpErrors.Format ERRORS = new HttpErrors.Format() {
        @Override
        public ErrorCode translate(ErrorCode code) {
            return code == ErrorCode.NOT_FOUND || code == ErrorCode.FORBIDDEN ? code : ErrorCode.UNAVAILABLE;
        }

        @Override
        public Object body(ErrorCode code, String message, Optional<String> correlationId) {
            return switch (translate(code)) {
                case NOT_FOUND -> "not found";
                case FORBIDDEN -> "this link is invalid or has expired";
                default -> "the file cannot be read now";
            };
        }

        @Override
        public String contentType() {
            return "text/plain; charset=utf-8";
        }
    };

    /** {@code inline|attachment; filename="ascii"; filename*=UTF-8''percent-encoded} (RFC 6266). */
    static String disposition(boolean inline, String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
