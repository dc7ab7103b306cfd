package io.draftnrun.adapter.in.graphql;

import io.draftnrun.adapter.in.http.Callers;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a GraphQL operation knows about its caller: whether it is authenticated and, looked up on first use, the actor
 * (what the caller may do); a request id for the logs and the client address (for rate limits).
 */
public final class RequestContext {
    public static final String KEY = RequestContext.class.getName();

    private final boolean authenticated;
    private final Supplier<Actor> lookup;
    private final String requestId;
    private final String clientAddress;
    private Actor actor;

    /** A context whose actor (if any) is known already. */
    public RequestContext(Optional<Actor> actor, String requestId, String clientAddress) {
        this(actor.isPresent(), actor.<Supplier<Actor>>map(a -> () -> a).orElse(null), requestId, clientAddress);
    }

    private RequestContext(boolean authenticated, Supplier<Actor> lookup, String requestId, String clientAddress) {
        this.authenticated = authenticated;
        this.lookup = lookup;
        this.requestId = requestId;
        this.clientAddress = clientAddress;
    }

    /**
     * An authenticated caller whose actor is looked up when an operation first needs it (a use case can start its own
     * reads meanwhile); a failing look-up fails that operation, and is tried again by the next one.
     */
    public static RequestContext deferred(Supplier<Actor> lookup, String requestId, String clientAddress) {
        return new RequestContext(true, Objects.requireNonNull(lookup, "lookup"), requestId, clientAddress);
    }

    /** The context of the operations of an HTTP request whose caller the transport identified. */
    public static RequestContext of(Callers.Caller caller) {
        return caller.identity()
                .map(c -> deferred(c.actor(), caller.requestId(), caller.clientAddress()))
                .orElseGet(() -> new RequestContext(Optional.empty(), caller.requestId(), caller.clientAddress()));
    }

    /** Whether the request carried valid credentials (known without looking the actor up). */
    public boolean authenticated() {
        return authenticated;
    }

    /** The actor, looked up once; empty for an anonymous request. */
    public synchronized Optional<Actor> actor() {
        if (!authenticated) {
            return Optional.empty();
        }
        if (actor == null) {
            actor = Objects.requireNonNull(lookup.get(), "actor");
        }
        return Optional.of(actor);
    }

    /** The actor of the operation being fetched (UNAUTHENTICATED for an anonymous one): every slice's fetchers use it. */
    static Actor actor(graphql.schema.DataFetchingEnvironment env) {
        RequestContext context = env.getGraphQlContext().get(KEY);
        if (context == null) {
            throw new DomainException(ErrorCode.UNAUTHENTICATED, "sign in first");
        }
        return context.requireActor();
    }

    public Actor requireActor() {
        return actor().orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "sign in first"));
    }

    public String requestId() {
        return requestId;
    }

    public String clientAddress() {
        return clientAddress;
    }
}
