package io.draftnrun.application.organization;

import io.draftnrun.application.organization.port.PasswordHasher;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * At startup: makes sure a platform super-admin exists. When none does, creates the local account
 * {@code ADMIN_USERNAME} with {@code ADMIN_PASSWORD}, or with a generated password that is returned (to be printed
 * once) when none is configured. An existing account is never changed.
 */
public final class EnsureFirstAdmin {
    public record Command(String email, Optional<String> password) {
        @Override
        public String toString() {
            return "EnsureFirstAdmin.Command[" + email + "]";
        }
    }

    /** What happened; {@code generatedPassword} is present only when one was generated now. */
    public record Outcome(boolean created, String email, Optional<String> generatedPassword) {
        @Override
        public String toString() {
            return "Outcome[" + created + ", " + email + "]";
        }
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;

    public EnsureFirstAdmin(UserRepository users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    public Outcome handle(Command command) {
        String email = command.email().strip().toLowerCase(Locale.ROOT);
        if (!email.contains("@") && !email.matches("[a-z0-9._-]{1,64}")) {
            throw DomainException.validation("ADMIN_USERNAME must be an e-mail address or a simple user name");
        }
        if (users.findByEmail(email).isPresent() || users.anyPlatformAdmin()) {
            return new Outcome(false, email, Optional.empty());
        }
        Optional<String> generated =
                command.password().isPresent() ? Optional.empty() : Optional.of(Hashing.randomToken(18));
        String password = command.password().or(() -> generated).orElseThrow();
        if (password.length() < 8) {
            throw DomainException.validation("ADMIN_PASSWORD must have at least 8 characters");
        }
        users.create(new UserAccount(
                new UserId(UUID.randomUUID()), email, Optional.of(hasher.hash(password)), true, clock.instant()));
        return new Outcome(true, email, generated);
    }
}
