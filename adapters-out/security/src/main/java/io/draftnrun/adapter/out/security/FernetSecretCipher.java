package io.draftnrun.adapter.out.security;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.StringValidator;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import io.draftnrun.application.organization.port.SecretCipher;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.List;

/**
 * Fernet (the format of Python's {@code cryptography}, as the reference stores secrets) under {@code FERNET_KEY}: a
 * comma-separated list of URL-safe base64 32-byte keys; the first encrypts, every one decrypts (key rotation).
 * Tokens never expire here (the reference does not use a TTL).
 */
public final class FernetSecretCipher implements SecretCipher {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final StringValidator NO_TTL = new StringValidator() {
        @Override
        public TemporalAmount getTimeToLive() {
            return Duration.ofDays(365L * 200);
        }
    };

    private final List<Key> keys;

    public FernetSecretCipher(String fernetKeys) {
        if (fernetKeys == null || fernetKeys.isBlank()) {
            throw new IllegalArgumentException("FERNET_KEY is empty");
        }
        try {
            this.keys = Arrays.stream(fernetKeys.split(","))
                    .map(String::strip)
                    .filter(k -> !k.isEmpty())
                    .map(FernetSecretCipher::key)
                    .toList();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "FERNET_KEY must be URL-safe base64 of 32 bytes (comma-separated for rotation)");
        }
    }

    private static Key key(String encoded) {
        byte[] raw = java.util.Base64.getUrlDecoder().decode(encoded);
        if (raw.length != 32) {
            throw new IllegalArgumentException("not 32 bytes");
        }
        return new Key(raw);
    }

    @Override
    public String encrypt(String plaintext) {
        return Token.generate(RANDOM, keys.getFirst(), plaintext).serialise();
    }

    @Override
    public String decrypt(String token) {
        try {
            return Token.fromString(token).validateAndDecrypt(keys, NO_TTL);
        } catch (TokenValidationException | IllegalArgumentException e) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "a stored secret cannot be decrypted with the configured FERNET_KEY (was the key rotated out?)");
        }
    }

    @Override
    public String toString() {
        return "FernetSecretCipher[" + keys.size() + " key(s)]";
    }
}
