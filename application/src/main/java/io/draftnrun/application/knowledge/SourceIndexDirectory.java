package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the retrieval side finds a source's vectors: its collection, embedding model and vector size, for a source
 * of the given organization only (a source of another organization is absent). No actor: the run that asks was
 * authorized already.
 */
public final class SourceIndexDirectory {
    private final SourceRepository sources;

    public SourceIndexDirectory(SourceRepository sources) {
        this.sources = sources;
    }

    /** The vector index of a source: collection name, embedding model as {@code provider:model}, vector size. */
    public record Entry(String collection, String embeddingModelReference, int dimensions) {}

    public Optional<Entry> find(OrganizationId organization, UUID sourceId) {
        return sources.find(new SourceId(sourceId))
                .filter(s -> s.organizationId().equals(organization))
                .map(s -> new Entry(s.collection(), s.embeddingModel().toString(), s.dimensions()));
    }
}
