package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.organization.Actor;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Verifies a project API key (already normalised): the key's actor, with {@code apiKeyProjectId} set, or empty for
 * an unknown or revoked key.
 */
@FunctionalInterface
public interface ApiKeyAuthenticator {
    Optional<Actor> authenticate(String apiKey);

    /** The reference's normalisation of the {@code X-API-Key} header: literal {@code \n} become newlines, quotes go. */
    static String normalise(String header) {
        String key = header.replace("\\n", "\n").strip();
        if (key.length() >= 2
                && ((key.startsWith("\"") && key.endsWith("\"")) || (key.startsWith("'") && key.endsWith("'")))) {
            key = key.substring(1, key.length() - 1);
        }
        return key;
    }

    /**
     * The key a request carries, as the OpenAI and MCP clients send it: {@code Authorization: Bearer <key>}, else
     * {@code X-API-Key}; empty when neither holds one. Not yet normalised.
     */
    static Optional<String> of(ServerRequest req) {
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            String value = authorization.get().strip();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)
                    && !value.substring(7).isBlank()) {
                return Optional.of(value.substring(7).strip());
            }
        }
        return req.headers().first(HeaderNames.create("X-API-Key")).filter(k -> !k.isBlank());
    }
}
