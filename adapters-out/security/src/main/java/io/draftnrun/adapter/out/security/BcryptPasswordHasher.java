package io.draftnrun.adapter.out.security;

import io.draftnrun.application.organization.port.PasswordHasher;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** bcrypt (spring-security-crypto); cost 12 by default. Passwords longer than 72 bytes are refused by bcrypt. */
public final class BcryptPasswordHasher implements PasswordHasher {
    private final BCryptPasswordEncoder encoder;

    public BcryptPasswordHasher() {
        this(12);
    }

    public BcryptPasswordHasher(int cost) {
        this.encoder = new BCryptPasswordEncoder(cost);
    }

    @Override
    public String hash(String password) {
        return encoder.encode(password);
    }

    @Override
    public boolean matches(String password, String hash) {
        if (hash == null || !hash.startsWith("$2")) {
            return false;
        }
        try {
            return encoder.matches(password, hash);
        } catch (IllegalArgumentException e) {
            return false; // e.g. over 72 bytes
        }
    }
}
