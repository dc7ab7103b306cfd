package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.shared.DomainException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sends a request: its {@code Authorization: Bearer} token checked by the {@link RequestAuthenticator}, then the
 * per-caller rate limit taken (by user, or by client address when anonymous; a failed authentication counts against
 * the address). Throws UNAUTHENTICATED for invalid credentials and a {@link HttpRefusal#rateLimited} refusal.
 */
public final class Callers {
    private final RequestAuthenticator authenticator;
    private final RateLimiter rateLimiter;

    public Callers(RequestAuthenticator authenticator, RateLimiter rateLimiter) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
    }

    /** Without a rate limit. */
    public static Callers unlimited(RequestAuthenticator authenticator) {
        return new Callers(authenticator, RateLimiter.unlimited());
    }

    /**
     * The caller of a request: its verified credentials (empty when anonymous; what it may do is looked up on first
     * use), the request's id and the client's address.
     */
    public record Caller(Optional<RequestAuthenticator.Deferred> identity, String requestId, String clientAddress) {
        public Caller {
            Objects.requireNonNull(identity, "identity");
        }
    }

    public RequestAuthenticator authenticator() {
        return authenticator;
    }

    /** Authenticates {@code req} and takes one request from its caller's allowance. */
    public Caller of(ServerRequest req) {
        String client = req.remotePeer().host();
        Optional<RequestAuthenticator.Deferred> identity;
        try {
            identity = authenticator.authenticateDeferred(bearer(req));
        } catch (DomainException e) {
            limit("ip:" + client); // failed authentications count against the client address
            throw e;
        }
        limit(identity.map(c -> "user:" + c.userId()).orElse("ip:" + client));
        return new Caller(identity, RequestIds.of(req), client);
    }

    /** The token of {@code Authorization: Bearer <token>}, if the request has one. */
    public static Optional<String> bearer(ServerRequest req) {
        return req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim());
    }

    private void limit(String key) {
        var wait = rateLimiter.acquire(key);
        if (wait.isPresent()) {
            throw HttpRefusal.rateLimited(wait.getAsLong());
        }
    }
}
