package io.draftnrun.adapter.out.security;

import io.draftnrun.application.knowledge.port.MessageSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a key derived from the server secret for one purpose ({@code HMAC(secret, purpose)}), so a
 * signature made for one use (document links) is worth nothing for another.
 */
public final class HmacMessageSigner implements MessageSigner {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public HmacMessageSigner(String serverSecret, String purpose) {
        if (serverSecret == null || serverSecret.isBlank()) {
            throw new IllegalArgumentException("signing needs the server secret");
        }
        this.key = new SecretKeySpec(
                mac(new SecretKeySpec(serverSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM), purpose), ALGORITHM);
    }

    @Override
    public byte[] sign(String message) {
        return mac(key, message);
    }

    private static byte[] mac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
