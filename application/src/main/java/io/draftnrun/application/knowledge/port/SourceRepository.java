package io.draftnrun.application.knowledge.port;

import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Knowledge sources (backend database). Deleting a source deletes its ingestion tasks. */
public interface SourceRepository {
    /** Stores a new source; CONFLICT when the organization already has a source of that name. */
    void create(Source source);

    Optional<Source> find(SourceId id);

    /** The organization's sources, by name. */
    List<Source> list(OrganizationId organization);

    /** Sets the chunk sizes of a source (for its next ingestions). */
    void updateChunking(SourceId id, ChunkingOptions chunking, Instant now);

    void delete(SourceId id);
}
