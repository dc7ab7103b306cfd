package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.organization.Actor;
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
}
