package io.draftnrun.adapter.in.graphql;

import io.draftnrun.domain.organization.Actor;
import java.util.Optional;

/**
 * Turns the credentials of a request (an {@code Authorization: Bearer} token) into an actor. Empty when no
 * credentials were sent; throws a DomainException UNAUTHENTICATED when they are invalid.
 */
@FunctionalInterface
public interface RequestAuthenticator {
    Optional<Actor> authenticate(Optional<String> bearerToken);

    /** For installs and tests without identity: every request is anonymous. */
    static RequestAuthenticator anonymous() {
        return token -> Optional.empty();
    }
}
