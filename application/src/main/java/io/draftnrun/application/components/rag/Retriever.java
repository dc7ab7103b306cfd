package io.draftnrun.application.components.rag;

import io.draftnrun.application.components.rag.port.KnowledgeSources;
import io.draftnrun.application.knowledge.BlobKey;
import io.draftnrun.application.knowledge.ChunkPayload;
import io.draftnrun.application.knowledge.HybridSearch;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.Vectors;
import io.draftnrun.application.knowledge.port.DocumentLinks;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.knowledge.RetrievalMode;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Retriever (spec 3.4): embeds the query with the source's embedding model, searches the source's collection with the
 * filter, turns hits into {@link SourceChunk}s (metadata = the kept fields plus {@code similarity_score}), and
 * optionally penalises old chunks: age = years from the chunk's {@code metadata_date_key} date (YYYY-MM-DD) to
 * 1 January of this year, at least 0; penalty = min(age x rate, 5 x rate), or {@code default_penalty_rate} without a
 * date; chunks sorted by similarity - penalty and cut to {@code max_retrieved_chunks_after_penalty}. Parameter
 * {@code mode} picks the search ({@link RetrievalMode}: {@code semantic}, {@code keyword} BM25, or {@code hybrid}, both
 * fused by reciprocal rank; then {@code similarity_score} holds the mode's score: cosine, BM25 or fused rank score).
 * Chunks of our own ingestion name their document and pages and carry a link that opens the document.
 */
public final class Retriever implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("8baf68a9-1671-4ed5-8374-6ec218f5d9a6");
    public static final String NAME = "Retriever";
    public static final String DATA_SOURCE = "data_source";
    public static final String MAX_CHUNKS = "max_retrieved_chunks";
    public static final String DATE_PENALTY = "enable_date_penalty_for_chunks";
    public static final String AGE_RATE = "chunk_age_penalty_rate";
    public static final String DEFAULT_RATE = "default_penalty_rate";
    public static final String DATE_KEY = "metadata_date_key";
    public static final String MAX_AFTER_PENALTY = "max_retrieved_chunks_after_penalty";
    public static final String MODE = "mode";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Finds the chunks of a knowledge source closest to the question.")
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(
                    ParameterDefinition.builder(DATA_SOURCE, ParameterType.DATA_SOURCE)
                            .required()
                            .order(0)
                            .ui(UiComponent.SELECT, Map.of("label", "Knowledge source"))
                            .build(),
                    ParameterDefinition.builder(MAX_CHUNKS, ParameterType.INTEGER)
                            .defaultValue(10)
                            .order(1)
                            .ui(UiComponent.TEXTFIELD, Map.of("label", "Chunks retrieved"))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(DATE_PENALTY, ParameterType.BOOLEAN)
                            .defaultValue(false)
                            .order(2)
                            .ui(UiComponent.CHECKBOX, Map.of("label", "Penalise old chunks"))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(AGE_RATE, ParameterType.FLOAT)
                            .defaultValue(0.1)
                            .order(3)
                            .ui(
                                    UiComponent.SLIDER,
                                    Map.of("label", "Penalty per year", "min", 0, "max", 1, "step", 0.01))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(DEFAULT_RATE, ParameterType.FLOAT)
                            .defaultValue(0.1)
                            .order(4)
                            .ui(
                                    UiComponent.SLIDER,
                                    Map.of("label", "Penalty without date", "min", 0, "max", 1, "step", 0.01))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(DATE_KEY, ParameterType.STRING)
                            .defaultValue("date")
                            .order(5)
                            .ui(UiComponent.TEXTFIELD, Map.of("label", "Date metadata key"))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(MAX_AFTER_PENALTY, ParameterType.INTEGER)
                            .defaultValue(10)
                            .order(6)
                            .ui(UiComponent.TEXTFIELD, Map.of("label", "Chunks kept after penalty"))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(MODE, ParameterType.STRING)
                            .defaultValue(RetrievalMode.DEFAULT.parameterValue())
                            .order(7)
                            .ui(
                                    UiComponent.SELECT,
                                    Map.of("label", "Search by", "options", List.of("semantic", "keyword", "hybrid")))
                            .advanced()
                            .build()))
            .build();

    /**
     * What a retriever reads through: the organization's knowledge sources, the embedding models and the credentials
     * to call them, the vector store, and the document links that replace storage keys in answers.
     */
    public record Ports(
            KnowledgeSources sources,
            EmbeddingModelProvider embeddings,
            LlmCredentialResolver credentials,
            VectorStore vectors,
            DocumentLinks links) {
        public Ports {
            Objects.requireNonNull(sources, "sources");
            Objects.requireNonNull(embeddings, "embeddings");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(vectors, "vectors");
            Objects.requireNonNull(links, "links");
        }
    }

    private final Ports ports;
    private final Clock clock;

    public Retriever(Ports ports) {
        this(ports, Clock.systemUTC());
    }

    public Retriever(Ports ports, Clock clock) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.clock = clock;
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        UUID source = sourceId(p);
        int max = (int) p.integer(MAX_CHUNKS, 10);
        int after = (int) p.integer(MAX_AFTER_PENALTY, 10);
        if (max < 1 || after < 1) {
            throw DomainException.validation("Retriever: chunk counts must be at least 1");
        }
        if (max > Vectors.MAX_LIMIT) {
            throw DomainException.validation("Retriever: at most " + Vectors.MAX_LIMIT + " chunks can be retrieved");
        }
        RetrievalMode mode;
        try {
            mode = RetrievalMode.parse(p.string(MODE).orElse(null));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("Retriever: " + e.getMessage());
        }
        return new Instance(
                ports,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                source,
                max,
                p.bool(DATE_PENALTY, false),
                p.decimal(AGE_RATE).orElse(0.1),
                p.decimal(DEFAULT_RATE).orElse(0.1),
                p.string(DATE_KEY).orElse("date"),
                after,
                mode,
                clock);
    }

    private static UUID sourceId(ResolvedParameters p) {
        Object raw = p.raw(DATA_SOURCE).orElseThrow(() -> DomainException.validation("Retriever needs a data_source"));
        if (raw instanceof String s && s.strip().startsWith("{")) {
            raw = p.json(DATA_SOURCE).orElse(s);
        }
        Object id = raw instanceof Map<?, ?> m ? m.get("id") : raw;
        try {
            return UUID.fromString(String.valueOf(id).strip());
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("parameter 'data_source' must name a source by its id");
        }
    }

    /** A retriever over one source. */
    public record Instance(
            Ports ports,
            String name,
            UUID sourceId,
            int maxChunks,
            boolean datePenalty,
            double ageRate,
            double defaultRate,
            String dateKey,
            int maxAfterPenalty,
            RetrievalMode mode,
            Clock clock)
            implements RunnableComponent {

        public List<SourceChunk> retrieve(String query, VectorFilter filter, RunContext ctx) {
            ctx.checkActive();
            SourceIndex index = ports.sources()
                    .find(ctx.organizationId(), sourceId)
                    .orElseThrow(() -> new DomainException(
                            io.draftnrun.domain.shared.ErrorCode.NOT_FOUND,
                            "the knowledge source " + sourceId + " of retriever '" + name + "' does not exist"));
            try (SpanHandle span = ctx.span(name, SpanKind.RETRIEVER)) {
                span.set("embedding.model_name", index.embeddingModel().toString());
                span.set("retrieval.mode", mode.parameterValue());
                span.input(Json.write(Map.of("Query", query, "Filter", filter.anyOf())));
                try {
                    Supplier<float[]> vector = () -> {
                        ProviderCredentials credentials = ports.credentials()
                                .resolve(ctx.organizationId(), index.embeddingModel())
                                .credentials();
                        return ports.embeddings()
                                .embed(index.embeddingModel(), credentials, List.of(query))
                                .getFirst();
                    };
                    List<ScoredPoint> hits = HybridSearch.search(
                            ports.vectors(), index.collection(), mode, query, vector, maxChunks, filter);
                    List<SourceChunk> chunks = new ArrayList<>(
                            hits.stream().map(h -> chunk(h, index.fields())).toList());
                    if (index.fields().equals(SourceIndex.PayloadFields.INGESTED)) {
                        chunks = withDocumentLinks(chunks, ports.links(), ctx);
                    }
                    if (datePenalty) {
                        chunks = penalise(chunks);
                    }
                    List<Map<String, Object>> documents = new ArrayList<>();
                    for (SourceChunk c : chunks) {
                        documents.add(
                                Map.of("id", c.name(), "content", c.content(), "metadata", Json.write(c.metadata())));
                    }
                    span.documents(documents);
                    span.end();
                    return chunks;
                } catch (RuntimeException e) {
                    span.fail(e);
                    throw e;
                }
            }
        }

        /**
         * Our own ingestion keeps the file's storage key as the chunk's url: it is replaced by a link that opens the
         * document for a limited time ({@link DocumentLinks}), minted now and only for a file of the run's
         * organization (its key starts with the organization's folder); otherwise the url is emptied. The storage key
         * never reaches the answer, the model or the trace.
         */
        static List<SourceChunk> withDocumentLinks(List<SourceChunk> chunks, DocumentLinks links, RunContext ctx) {
            String folder = ctx.organizationId() + "/";
            List<SourceChunk> linked = new ArrayList<>(chunks.size());
            for (SourceChunk c : chunks) {
                String link = "";
                if (c.url().startsWith(folder)) {
                    try {
                        link = links.link(BlobKey.of(c.url()), c.documentName()).orElse("");
                    } catch (DomainException e) {
                        link = ""; // not a valid key: no link
                    }
                }
                linked.add(c.withUrl(link));
            }
            return linked;
        }

        static SourceChunk chunk(ScoredPoint hit, SourceIndex.PayloadFields fields) {
            Map<String, Object> payload = hit.payload();
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (String field : fields.metadataFields()) {
                Object value = payload.get(field);
                if (value instanceof String s && s.strip().startsWith("{")) {
                    try {
                        value = Json.parse(s);
                    } catch (DomainException e) {
                        // not JSON after all: kept as text
                    }
                }
                if (value instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> metadata.put(String.valueOf(k), v));
                } else if (value != null) {
                    metadata.put(field, value);
                }
            }
            if (fields.equals(SourceIndex.PayloadFields.INGESTED)) {
                // the storage key is not for the model's eyes (nor the trace's): the document is named instead
                metadata.remove(ChunkPayload.URL);
                Object document = payload.get(ChunkPayload.DOCUMENT_NAME);
                if (document != null) {
                    Map<String, Object> named = new LinkedHashMap<>();
                    named.put(ChunkPayload.DOCUMENT_NAME, document);
                    named.putAll(metadata);
                    metadata.clear();
                    metadata.putAll(named);
                }
            }
            metadata.put("similarity_score", hit.score());
            Object id = payload.getOrDefault(fields.chunkId(), hit.chunkId());
            return SourceChunk.of(
                    String.valueOf(id),
                    fields.fileId() == null ? "" : String.valueOf(payload.getOrDefault(fields.fileId(), "")),
                    fields.url() == null || payload.get(fields.url()) == null
                            ? ""
                            : String.valueOf(payload.get(fields.url())),
                    String.valueOf(payload.getOrDefault(fields.content(), "")),
                    metadata);
        }

        List<SourceChunk> penalise(List<SourceChunk> chunks) {
            LocalDate yearStart = LocalDate.now(clock).withDayOfYear(1);
            List<SourceChunk> scored = new ArrayList<>();
            for (SourceChunk c : chunks) {
                double similarity = ((Number) c.metadata().get("similarity_score")).doubleValue();
                scored.add(c.withMetadata("penalty_score", similarity - penalty(c, yearStart)));
            }
            scored.sort(Comparator.comparingDouble(
                            (SourceChunk c) -> ((Number) c.metadata().get("penalty_score")).doubleValue())
                    .reversed());
            return scored.size() > maxAfterPenalty ? List.copyOf(scored.subList(0, maxAfterPenalty)) : scored;
        }

        double penalty(SourceChunk chunk, LocalDate yearStart) {
            Object date = chunk.metadata().get(dateKey);
            if (date == null) {
                return defaultRate;
            }
            LocalDate day;
            try {
                day = LocalDate.parse(String.valueOf(date).strip());
            } catch (DateTimeParseException e) {
                return defaultRate;
            }
            double age = Math.max(0, ChronoUnit.DAYS.between(day, yearStart) / 365.0);
            return Math.min(age * ageRate, 5 * ageRate);
        }

        @Override
        public SpanKind spanKind() {
            return SpanKind.RETRIEVER;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            throw DomainException.validation("'" + name + "' is a part of a RAG; it cannot run as a graph step");
        }
    }
}
