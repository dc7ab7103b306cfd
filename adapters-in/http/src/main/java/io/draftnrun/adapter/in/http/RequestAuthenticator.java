package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the credentials of a request (an {@code Authorization: Bearer} token) into an actor. Empty when no
 * credentials were sent; throws a DomainException UNAUTHENTICATED when they are invalid.
 */
@FunctionalInterface
public interface RequestAuthenticator {
    Optional<Actor> authenticate(Optional<String> bearerToken);

    /**
     * Checks the credentials now (throws UNAUTHENTICATED when invalid) and looks up what the caller may do only when
     * {@link Deferred#actor} is first called (that look-up may read the database). By default, all at once.
     */
    default Optional<Deferred> authenticateDeferred(Optional<String> bearerToken) {
        return authenticate(bearerToken).map(actor -> new Deferred(actor.userId(), () -> actor));
    }

    /** A caller whose credentials are valid: who it is now, what it may do on demand. */
    record Deferred(UserId userId, Supplier<Actor> actor) {
        public Deferred {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** For installs and tests without identity: every request is anonymous. */
    static RequestAuthenticator anonymous() {
        return token -> Optional.empty();
    }
}
