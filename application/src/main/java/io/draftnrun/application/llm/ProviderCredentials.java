package io.draftnrun.application.llm;

import java.util.Optional;

/**
 * What a provider call authenticates with: an API key (absent for Ollama or a keyless local server) and an optional
 * base URL overriding the provider's default. {@link #toString()} never shows the key.
 */
public record ProviderCredentials(Optional<String> apiKey, Optional<String> baseUrl) {
    public ProviderCredentials {
        apiKey = apiKey == null ? Optional.empty() : apiKey.filter(k -> !k.isBlank());
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl.filter(u -> !u.isBlank());
    }

    public static ProviderCredentials none() {
        return new ProviderCredentials(Optional.empty(), Optional.empty());
    }

    public static ProviderCredentials of(String apiKey, String baseUrl) {
        return new ProviderCredentials(Optional.ofNullable(apiKey), Optional.ofNullable(baseUrl));
    }

    @Override
    public String toString() {
        return "ProviderCredentials[apiKey=" + (apiKey.isPresent() ? "***" : "none") + ", baseUrl="
                + baseUrl.orElse("default") + "]";
    }
}
