package io.draftnrun.adapter.out.llm;

import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@link ModelCatalog}: the built-in models followed by those of {@code custom_models.json}. */
public final class FileModelCatalog implements ModelCatalog {
    private final List<LlmModel> models;
    private final Map<ModelReference, CustomModelsFile.Entry> custom;

    public FileModelCatalog(CustomModelsFile file) {
        List<LlmModel> all = new ArrayList<>(BuiltInModels.models());
        for (CustomModelsFile.Entry e : file.entries()) {
            all.add(new LlmModel(e.reference(), e.displayName(), e.capabilities(), e.embeddingSize()));
        }
        this.models = List.copyOf(all);
        this.custom = file.entries().stream()
                .collect(Collectors.toUnmodifiableMap(
                        CustomModelsFile.Entry::reference, Function.identity(), (a, b) -> b));
    }

    @Override
    public List<LlmModel> models() {
        return models;
    }

    @Override
    public boolean isCustomProvider(String provider) {
        return custom.keySet().stream().anyMatch(r -> r.provider().equals(provider));
    }

    @Override
    public Optional<ProviderCredentials> customEndpoint(ModelReference reference) {
        return Optional.ofNullable(custom.get(reference))
                .map(e -> new ProviderCredentials(e.apiKey(), Optional.of(e.baseUrl())));
    }
}
