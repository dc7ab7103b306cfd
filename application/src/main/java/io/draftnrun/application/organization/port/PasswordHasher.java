package io.draftnrun.application.organization.port;

/** One-way, salted, slow password hashing (bcrypt or Argon2). */
public interface PasswordHasher {
    String hash(String password);

    boolean matches(String password, String hash);
}
