package io.draftnrun.application.project;

import io.draftnrun.application.project.port.GraphResources;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link GraphResources} in memory: models, secret names and sources added by the test. */
public final class InMemoryGraphResources implements GraphResources {
    private final Map<ModelReference, Set<ModelCapability>> models = new ConcurrentHashMap<>();
    private final Map<OrganizationId, Set<String>> secrets = new ConcurrentHashMap<>();
    private final Map<OrganizationId, Set<UUID>> sources = new ConcurrentHashMap<>();

    public InMemoryGraphResources model(String reference, ModelCapability first, ModelCapability... more) {
        models.put(ModelReference.parse(reference), EnumSet.of(first, more));
        return this;
    }

    public InMemoryGraphResources secret(OrganizationId organization, String name) {
        secrets.computeIfAbsent(organization, k -> ConcurrentHashMap.newKeySet())
                .add(name);
        return this;
    }

    public InMemoryGraphResources source(OrganizationId organization, UUID source) {
        sources.computeIfAbsent(organization, k -> ConcurrentHashMap.newKeySet())
                .add(source);
        return this;
    }

    @Override
    public Optional<Set<ModelCapability>> modelCapabilities(ModelReference model) {
        return Optional.ofNullable(models.get(model));
    }

    @Override
    public Set<String> secretNames(OrganizationId organization) {
        return Set.copyOf(secrets.getOrDefault(organization, Set.of()));
    }

    @Override
    public boolean sourceExists(OrganizationId organization, UUID source) {
        return sources.getOrDefault(organization, Set.of()).contains(source);
    }
}
