package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.DocumentLinks;
import io.draftnrun.application.knowledge.port.MessageSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Download links of files in the local file store, signed by the server: {@code <base>/files/download?key=..&name=..
 * &expires=<epoch seconds>&signature=<MAC>} where the signer's MAC (HMAC-SHA256 under a key derived from
 * {@code BACKEND_SECRET_KEY} for this purpose only) covers the key, the name shown and the expiry. A link is valid until
 * it expires; changing any part of it breaks the signature.
 */
public final class SignedDocumentLinks implements DocumentLinks {
    public static final String PATH = "/files/download";

    private final MessageSigner signer;
    private final Supplier<String> baseUrl;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param signer the server's signer for document links
     * @param baseUrl the server's public URL (e.g. {@code http://localhost:8000}), read when a link is minted
     */
    public SignedDocumentLinks(MessageSigner signer, Supplier<String> baseUrl, Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the link lifetime must be positive");
        }
        this.signer = Objects.requireNonNull(signer, "signer");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<String> link(BlobKey blob, String documentName) {
        String base = baseUrl.get();
        if (base == null || base.isBlank()) {
            return Optional.empty();
        }
        String name = documentName == null || documentName.isBlank() ? blob.fileName() : documentName;
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return Optional.of(stripSlash(base) + PATH + "?key=" + encode(blob.value()) + "&name=" + encode(name)
                + "&expires=" + expires + "&signature=" + signature(blob.value(), name, expires));
    }

    /** Whether the parts of a link are signed by this server and not expired. */
    public boolean valid(String blobKey, String name, String expires, String signature) {
        if (blobKey == null || name == null || expires == null || signature == null) {
            return false;
        }
        long expiry;
        try {
            expiry = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = signature(blobKey, name, expiry).getBytes(StandardCharsets.US_ASCII);
        boolean signed = MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        return signed && clock.instant().getEpochSecond() < expiry;
    }

    private String signature(String blobKey, String name, long expires) {
        byte[] mac = signer.sign(blobKey + "\n" + name + "\n" + expires);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
