package io.draftnrun.application.organization;

import java.util.Objects;

/**
 * The reference's API-key scheme: keys are {@code taylor_} + 24 random bytes in URL-safe base64 without padding,
 * stored as the SHA-256 hex of {@code key + BACKEND_SECRET_KEY}, so keys issued by the reference keep working.
 */
public final class ApiKeyHashing {
    public static final String PREFIX = "taylor_";
    private final String backendSecret;

    public ApiKeyHashing(String backendSecret) {
        this.backendSecret = Objects.requireNonNull(backendSecret, "backendSecret");
        if (backendSecret.isBlank()) {
            throw new IllegalArgumentException("BACKEND_SECRET_KEY must not be blank");
        }
    }

    public String newKey() {
        return PREFIX + Hashing.randomToken(24);
    }

    public String hash(String key) {
        return Hashing.sha256Hex(key + backendSecret);
    }

    @Override
    public String toString() {
        return "ApiKeyHashing"; // never the secret
    }
}
