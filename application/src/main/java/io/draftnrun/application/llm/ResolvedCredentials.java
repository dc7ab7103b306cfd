package io.draftnrun.application.llm;

import java.util.Objects;

/**
 * Credentials chosen for one call, and whether they are the platform's own (server environment) key, which counts
 * against the organization's platform usage quota, rather than the organization's or a custom provider's key.
 */
public record ResolvedCredentials(ProviderCredentials credentials, boolean platformKey) {
    public ResolvedCredentials {
        Objects.requireNonNull(credentials, "credentials");
    }
}
