package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.DocumentLinks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Download links of files in the local file store, signed by the server: {@code <base>/files/download?key=..&name=..
 * &expires=<epoch seconds>&signature=<HMAC-SHA256>} where the HMAC covers the key, the name shown and the expiry,
 * under a key derived from the server secret ({@code BACKEND_SECRET_KEY}) for this purpose only. A link is valid until
 * it expires; changing any part of it breaks the signature.
 */
public final class SignedDocumentLinks implements DocumentLinks {
    public static final String PATH = "/files/download";

    private final byte[] key;
    private final Supplier<String> baseUrl;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param serverSecret the server secret the signing key is derived from
     * @param baseUrl the server's public URL (e.g. {@code http://localhost:8000}), read when a link is minted
     */
    public SignedDocumentLinks(String serverSecret, Supplier<String> baseUrl, Duration ttl, Clock clock) {
        if (serverSecret == null || serverSecret.isBlank()) {
            throw new IllegalArgumentException("document links need the server secret");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the link lifetime must be positive");
        }
        this.key = hmac(serverSecret.getBytes(StandardCharsets.UTF_8), "draftnrun document download links v1");
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
        byte[] mac = hmac(key, blobKey + "\n" + name + "\n" + expires);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    /** HMAC-SHA256 (RFC 2104) on {@link MessageDigest}: the application layer keeps to java.* (ArchitectureTest). */
    static byte[] hmac(byte[] key, String message) {
        try {
            int block = 64;
            byte[] k = key.length > block ? MessageDigest.getInstance("SHA-256").digest(key) : key;
            byte[] inner = new byte[block];
            byte[] outer = new byte[block];
            for (int i = 0; i < block; i++) {
                byte b = i < k.length ? k[i] : 0;
                inner[i] = (byte) (b ^ 0x36);
                outer[i] = (byte) (b ^ 0x5c);
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(inner);
            byte[] innerHash = sha.digest(message.getBytes(StandardCharsets.UTF_8));
            sha.update(outer);
            return sha.digest(innerHash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
