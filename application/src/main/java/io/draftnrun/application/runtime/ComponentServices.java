package io.draftnrun.application.runtime;

import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.port.ChatModelProvider;
import io.draftnrun.application.trace.UsageLimiter;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services components use, as a small typed locator built once at startup: the chat model provider and the
 * credential resolver are always there; others (embeddings, web search, vector store, HTTP, SQL gateways, usage
 * limiter) are registered by type when configured and looked up with {@link #require} or {@link #find}.
 */
public final class ComponentServices {
    private final Map<Class<?>, Object> services;

    private ComponentServices(Map<Class<?>, Object> services) {
        this.services = Map.copyOf(services);
    }

    public static Builder builder(ChatModelProvider chatModels, LlmCredentialResolver credentials) {
        return new Builder().with(ChatModelProvider.class, chatModels).with(LlmCredentialResolver.class, credentials);
    }

    public ChatModelProvider chatModels() {
        return require(ChatModelProvider.class);
    }

    public LlmCredentialResolver credentials() {
        return require(LlmCredentialResolver.class);
    }

    /** The platform-key usage limiter, absent when usage is not limited. */
    public Optional<UsageLimiter> usageLimiter() {
        return find(UsageLimiter.class);
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    /** The service of this type; FAILED_PRECONDITION naming it when the server has none configured. */
    public <T> T require(Class<T> type) {
        return find(type)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "this server has no " + type.getSimpleName() + " configured for this component"));
    }

    /** Collects services by type. */
    public static final class Builder {
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();

        public <T> Builder with(Class<T> type, T service) {
            if (service != null) {
                services.put(type, service);
            }
            return this;
        }

        public ComponentServices build() {
            return new ComponentServices(services);
        }
    }
}
