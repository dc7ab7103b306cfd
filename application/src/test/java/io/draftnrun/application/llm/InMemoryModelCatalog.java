package io.draftnrun.application.llm;

import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fake {@link ModelCatalog}: the built-in models plus custom models added by the test. */
public final class InMemoryModelCatalog implements ModelCatalog {
    private final List<LlmModel> custom = new ArrayList<>();
    private final Map<ModelReference, ProviderCredentials> endpoints = new HashMap<>();

    public synchronized InMemoryModelCatalog addCustom(LlmModel model, ProviderCredentials endpoint) {
        custom.add(model);
        endpoints.put(model.reference(), endpoint);
        return this;
    }

    @Override
    public synchronized List<LlmModel> models() {
        List<LlmModel> all = new ArrayList<>(BuiltInModels.models());
        all.addAll(custom);
        return all;
    }

    @Override
    public synchronized boolean isCustomProvider(String provider) {
        return custom.stream().anyMatch(m -> m.reference().provider().equals(provider));
    }

    @Override
    public synchronized Optional<ProviderCredentials> customEndpoint(ModelReference reference) {
        return Optional.ofNullable(endpoints.get(reference));
    }
}
