package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates a knowledge source (writer right): records its embedding model and vector size, and creates its vector
 * collection with keyword indexes on {@code file_id}, {@code document_name} and the metadata columns.
 */
public final class CreateSource {
    /** The embedding model of a source when none is given: the in-process MiniLM, so nothing needs a key. */
    public static final ModelReference DEFAULT_EMBEDDING_MODEL = BuiltInModels.LOCAL_MINILM;

    private final SourceRepository sources;
    private final VectorStore vectors;
    private final EmbeddingModelProvider embeddings;
    private final Clock clock;

    public CreateSource(SourceRepository sources, VectorStore vectors, EmbeddingModelProvider embeddings, Clock clock) {
        this.sources = sources;
        this.vectors = vectors;
        this.embeddings = embeddings;
        this.clock = clock;
    }

    public record Command(
            OrganizationId organization,
            String name,
            SourceType type,
            Optional<String> embeddingModel,
            Optional<DatabaseSourceSettings> database,
            Optional<ChunkingOptions> chunking) {
        public Command {
            chunking = chunking == null ? Optional.empty() : chunking;
        }

        public Command(
                OrganizationId organization,
                String name,
                SourceType type,
                Optional<String> embeddingModel,
                Optional<DatabaseSourceSettings> database) {
            this(organization, name, type, embeddingModel, database, Optional.empty());
        }
    }

    public Source handle(Actor actor, Command command) {
        actor.require(command.organization(), Right.WRITER);
        ModelReference model = command.embeddingModel()
                .filter(m -> !m.isBlank())
                .map(ModelReference::parse)
                .orElse(DEFAULT_EMBEDDING_MODEL);
        int dimensions = embeddings.dimensions(model);
        String name = command.name() == null ? "" : command.name().strip();
        if (sources.list(command.organization()).stream().anyMatch(s -> s.name().equalsIgnoreCase(name))) {
            throw new DomainException(ErrorCode.CONFLICT, "the organization already has a source named '" + name + "'");
        }
        SourceId id = SourceId.random();
        Instant now = clock.instant();
        Source source;
        try {
            source = new Source(
                    id,
                    command.organization(),
                    name,
                    command.type(),
                    model,
                    dimensions,
                    Source.collectionOf(id),
                    command.database(),
                    now,
                    now,
                    command.chunking().orElse(ChunkingOptions.DEFAULT));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation(e.getMessage());
        }
        vectors.ensureCollection(new CollectionSpec(source.collection(), dimensions, keywordFields(source)));
        try {
            sources.create(source);
        } catch (RuntimeException e) {
            vectors.deleteCollection(source.collection());
            throw e;
        }
        return source;
    }

    /**
     * Chunk sizes from optional inputs: none = {@link ChunkingOptions#DEFAULT}; a size alone gets an eighth of it as
     * overlap; out of bounds is VALIDATION.
     */
    public static Optional<ChunkingOptions> chunking(Integer size, Integer overlap) {
        if (size == null && overlap == null) {
            return Optional.empty();
        }
        int chunkSize = size == null ? ChunkingOptions.DEFAULT.chunkSize() : size;
        try {
            return Optional.of(new ChunkingOptions(chunkSize, overlap == null ? chunkSize / 8 : overlap));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation(e.getMessage());
        }
    }

    static List<String> keywordFields(Source source) {
        List<String> fields = new ArrayList<>(List.of(ChunkPayload.FILE_ID, ChunkPayload.DOCUMENT_NAME));
        source.database().ifPresent(db -> fields.addAll(db.metadataColumns()));
        return fields;
    }
}
