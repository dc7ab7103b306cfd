package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.port.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Base64 with a prefix: reversible and visibly different from the plaintext, for tests only. */
public final class ReversibleSecretCipher implements SecretCipher {
    @Override
    public String encrypt(String plaintext) {
        return "enc:" + Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decrypt(String token) {
        return new String(Base64.getDecoder().decode(token.substring(4)), StandardCharsets.UTF_8);
    }
}
