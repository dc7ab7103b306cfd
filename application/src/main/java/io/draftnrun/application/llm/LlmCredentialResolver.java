package io.draftnrun.application.llm;

import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the key and base URL of a model call. Order: the organization's secret {@code <provider>_api_key}; then,
 * for a built-in provider, the server variable ({@code OPENAI_API_KEY}...) which is the platform's key; for a custom
 * provider, the key written in {@code custom_models.json}. Ollama and the in-process models need no key. Built-in
 * base URLs may be overridden by the server variable {@code <PROVIDER>_BASE_URL} (e.g. {@code OLLAMA_BASE_URL}).
 */
public final class LlmCredentialResolver {
    /** Where Ollama listens when {@code OLLAMA_BASE_URL} is not set. */
    public static final String DEFAULT_OLLAMA_BASE_URL = "http://localhost:11434";

    private final OrganizationSecretLookup secrets;
    private final ModelCatalog catalog;
    private final Function<String, String> serverConfig;

    /**
     * @param serverConfig reads a server setting by name (environment then {@code credentials.env}); null or blank
     *     means unset
     */
    public LlmCredentialResolver(
            OrganizationSecretLookup secrets, ModelCatalog catalog, Function<String, String> serverConfig) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.serverConfig = Objects.requireNonNull(serverConfig, "serverConfig");
    }

    public ResolvedCredentials resolve(OrganizationId organization, ModelReference model) {
        String provider = model.provider();
        Optional<String> orgKey = organization == null
                ? Optional.empty()
                : secrets.secret(organization, BuiltInModels.organizationSecretName(provider))
                        .filter(k -> !k.isBlank());

        if (BuiltInModels.isBuiltInProvider(provider)) {
            // in-process models have no URL to override
            Optional<String> baseUrl = provider.equals(BuiltInModels.LOCAL)
                    ? Optional.empty()
                    : setting(provider.toUpperCase(Locale.ROOT) + "_BASE_URL");
            if (provider.equals(BuiltInModels.OLLAMA)) {
                baseUrl = baseUrl.or(() -> Optional.of(DEFAULT_OLLAMA_BASE_URL));
            }
            Optional<String> variable = BuiltInModels.serverKeyVariable(provider);
            if (variable.isEmpty()) {
                return new ResolvedCredentials(new ProviderCredentials(orgKey, baseUrl), false);
            }
            if (orgKey.isPresent()) {
                return new ResolvedCredentials(new ProviderCredentials(orgKey, baseUrl), false);
            }
            Optional<String> serverKey = setting(variable.get());
            if (serverKey.isPresent()) {
                return new ResolvedCredentials(new ProviderCredentials(serverKey, baseUrl), true);
            }
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "no API key for provider '" + provider + "': set the organization secret '"
                            + BuiltInModels.organizationSecretName(provider) + "' or the server variable "
                            + variable.get());
        }

        if (catalog.isCustomProvider(provider)) {
            ProviderCredentials declared = catalog.customEndpoint(model)
                    .orElseThrow(() -> new DomainException(
                            ErrorCode.FAILED_PRECONDITION,
                            "model '" + model + "' is not declared for provider '" + provider
                                    + "' in custom_models.json"));
            Optional<String> key = orgKey.or(declared::apiKey);
            return new ResolvedCredentials(new ProviderCredentials(key, declared.baseUrl()), false);
        }

        throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "unknown model provider '" + provider
                        + "': use openai, anthropic, google, mistral, ollama or a provider of custom_models.json");
    }

    private Optional<String> setting(String name) {
        return Optional.ofNullable(serverConfig.apply(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
