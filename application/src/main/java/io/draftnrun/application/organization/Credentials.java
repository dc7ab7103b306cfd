package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an e-mail and password of a local account for {@code login} and {@code changePassword}, through the
 * {@link SignInThrottle}: failures are logged (never the password) and answer the same UNAUTHENTICATED whether the
 * account exists or not, after the same bcrypt work. Also the password rules of every password a user chooses.
 */
final class Credentials {
    private static final System.Logger LOG = System.getLogger(Credentials.class.getName());
    static final int MIN_PASSWORD = 8;
    /** bcrypt reads at most 72 bytes; a longer password would be cut silently, so it is refused. */
    static final int MAX_PASSWORD_BYTES = 72;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    private final String decoyHash;

    Credentials(UserRepository users, PasswordHasher hasher, SignInThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.decoyHash = hasher.hash(Hashing.randomToken(16));
    }

    /** The account whose password this is; RATE_LIMITED while the throttle holds the attempt back. */
    UserAccount verify(String emailGiven, String passwordGiven, String clientAddress) {
        String email = normaliseEmail(emailGiven);
        String password = passwordGiven == null ? "" : passwordGiven;
        throttle.check(email, clientAddress);
        Optional<UserAccount> account = email.isEmpty() ? Optional.empty() : users.findByEmail(email);
        Optional<String> hash = account.filter(a -> !a.deleted()).flatMap(UserAccount::passwordHash);
        // compare against a decoy when the account is unknown, so timing does not reveal which e-mails exist
        boolean ok = hasher.matches(password, hash.orElse(decoyHash)) && hash.isPresent();
        if (!ok) {
            Duration wait = throttle.failed(email, clientAddress);
            LOG.log(
                    Level.WARNING,
                    "failed sign-in for {0} (account {1}) from {2}; this address now waits {3} s for it",
                    email,
                    account.isPresent() ? "exists" : "unknown",
                    clientAddress,
                    wait.toSeconds());
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "wrong e-mail or password");
        }
        throttle.succeeded(email, clientAddress);
        return account.orElseThrow();
    }

    static String normaliseEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /** An e-mail address to create an account or an invitation for: VALIDATION unless it looks like one. */
    static String requireEmail(String given) {
        String email = normaliseEmail(given);
        int at = email.indexOf('@');
        if (email.length() > 320
                || at < 1
                || at != email.lastIndexOf('@')
                || at == email.length() - 1
                || email.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw DomainException.validation("email must be an e-mail address (name@domain)");
        }
        return email;
    }

    /** A password a user chooses: VALIDATION unless {@value #MIN_PASSWORD} characters to 72 bytes. */
    static String requirePassword(String password, String name) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw DomainException.validation(name + " must have at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw DomainException.validation(name + " must fit in " + MAX_PASSWORD_BYTES + " bytes (UTF-8)");
        }
        return password;
    }
}
