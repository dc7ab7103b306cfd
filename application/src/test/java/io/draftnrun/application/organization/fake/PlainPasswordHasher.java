package io.draftnrun.application.organization.fake;

import io.draftnrun.application.organization.port.PasswordHasher;

/** Not a hash: fast and readable, for tests only. */
public final class PlainPasswordHasher implements PasswordHasher {
    @Override
    public String hash(String password) {
        return "plain:" + password;
    }

    @Override
    public boolean matches(String password, String hash) {
        return hash.equals("plain:" + password);
    }
}
