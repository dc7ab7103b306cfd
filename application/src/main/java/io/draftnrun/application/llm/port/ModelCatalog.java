package io.draftnrun.application.llm.port;

import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import java.util.List;
import java.util.Optional;

/** All models the server knows: the built-in list plus the custom providers of {@code custom_models.json}. */
public interface ModelCatalog {
    List<LlmModel> models();

    default List<LlmModel> withCapability(ModelCapability capability) {
        return models().stream().filter(m -> m.can(capability)).toList();
    }

    default Optional<LlmModel> find(ModelReference reference) {
        return models().stream().filter(m -> m.reference().equals(reference)).findFirst();
    }

    /** Whether the provider is a custom (OpenAI-compatible) one declared in {@code custom_models.json}. */
    boolean isCustomProvider(String provider);

    /** Base URL and key declared for a custom model, empty for built-in providers and unknown models. */
    Optional<ProviderCredentials> customEndpoint(ModelReference reference);
}
