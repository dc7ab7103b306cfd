package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code login}: a local account's e-mail and password give a {@link Session}. Failures are logged (never the
 * password), counted per account by the {@link SignInThrottle}, and answer the same UNAUTHENTICATED whether the
 * account exists or not.
 */
public final class SignIn {
    private static final System.Logger LOG = System.getLogger(SignIn.class.getName());

    public record Command(String email, String password) {
        @Override
        public String toString() {
            return "SignIn.Command[" + email + "]";
        }
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionIssuer sessions;
    private final SignInThrottle throttle;
    private final String decoyHash;

    public SignIn(UserRepository users, PasswordHasher hasher, SessionIssuer sessions, SignInThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.decoyHash = hasher.hash(Hashing.randomToken(16));
    }

    public Session handle(Command command) {
        String email = command.email() == null ? "" : command.email().strip().toLowerCase(Locale.ROOT);
        String password = command.password() == null ? "" : command.password();
        throttle.check(email);
        Optional<UserAccount> account = email.isEmpty() ? Optional.empty() : users.findByEmail(email);
        // compare against a decoy when the account is unknown, so timing does not reveal which e-mails exist
        String hash = account.flatMap(UserAccount::passwordHash).orElse(decoyHash);
        boolean ok = hasher.matches(password, hash)
                && account.flatMap(UserAccount::passwordHash).isPresent();
        if (!ok) {
            Duration lock = throttle.failed(email);
            LOG.log(
                    Level.WARNING,
                    "failed sign-in for {0} (account {1}); locked for {2} s",
                    email,
                    account.isPresent() ? "exists" : "unknown",
                    lock.toSeconds());
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "wrong e-mail or password");
        }
        throttle.succeeded(email);
        UserAccount user = account.orElseThrow();
        return sessions.issue(new VerifiedIdentity(user.id(), user.email()));
    }
}
