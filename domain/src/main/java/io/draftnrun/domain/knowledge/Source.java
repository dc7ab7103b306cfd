package io.draftnrun.domain.knowledge;

import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A knowledge source of an organization: its files (or database table) are chunked, embedded with
 * {@code embeddingModel} into vectors of {@code dimensions}, and kept in the vector collection {@code collection};
 * {@code chunking} sizes its chunks (null = {@link ChunkingOptions#DEFAULT}).
 */
public record Source(
        SourceId id,
        OrganizationId organizationId,
        String name,
        SourceType type,
        ModelReference embeddingModel,
        int dimensions,
        String collection,
        Optional<DatabaseSourceSettings> database,
        Instant createdAt,
        Instant updatedAt,
        ChunkingOptions chunking) {
    public static final int MAX_NAME_LENGTH = 200;

    public Source {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a source needs a name");
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a source name has at most " + MAX_NAME_LENGTH + " characters");
        }
        if (dimensions < 1) {
            throw new IllegalArgumentException("vector dimensions must be positive");
        }
        database = database == null ? Optional.empty() : database;
        chunking = chunking == null ? ChunkingOptions.DEFAULT : chunking;
        if ((type == SourceType.DATABASE) != database.isPresent()) {
            throw new IllegalArgumentException(
                    type == SourceType.DATABASE
                            ? "a database source needs its database settings"
                            : "only a database source has database settings");
        }
    }

    /** This source with other chunk sizes, for the ingestions to come. */
    public Source withChunking(ChunkingOptions options, Instant now) {
        return new Source(
                id,
                organizationId,
                name,
                type,
                embeddingModel,
                dimensions,
                collection,
                database,
                createdAt,
                now,
                options);
    }

    /** The vector collection of a source: one per source, named from its id. */
    public static String collectionOf(SourceId id) {
        return "source_" + id.value().toString().replace("-", "");
    }
}
