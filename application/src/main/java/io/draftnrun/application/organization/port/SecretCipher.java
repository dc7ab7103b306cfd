package io.draftnrun.application.organization.port;

/**
 * Encrypts organization secrets at rest (Fernet under {@code FERNET_KEY}); decrypts tokens made under any configured
 * key, including those of the reference system. Never logs values.
 */
public interface SecretCipher {
    String encrypt(String plaintext);

    /** Throws a DomainException FAILED_PRECONDITION when no configured key opens the token (wrong FERNET_KEY). */
    String decrypt(String token);
}
