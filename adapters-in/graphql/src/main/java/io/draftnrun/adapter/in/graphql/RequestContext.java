package io.draftnrun.adapter.in.graphql;

import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Optional;

/**
 * What a GraphQL operation knows about its caller: the authenticated actor (if any), a request id for the logs and
 * the client address (for rate limits).
 */
public record RequestContext(Optional<Actor> actor, String requestId, String clientAddress) {
    public static final String KEY = RequestContext.class.getName();

    public Actor requireActor() {
        return actor.orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "sign in first"));
    }
}
