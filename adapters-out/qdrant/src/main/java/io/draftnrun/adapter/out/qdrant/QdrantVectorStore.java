package io.draftnrun.adapter.out.qdrant;

import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.matchValues;

import com.google.common.util.concurrent.ListenableFuture;
import io.draftnrun.application.knowledge.Bm25;
import io.draftnrun.application.knowledge.ChunkPayload;
import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.Payloads;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.application.knowledge.Vectors;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.port.HealthProbe;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.ConditionFactory;
import io.qdrant.client.PointIdFactory;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VectorStore} on Qdrant over gRPC, with the reference system's layout: one collection per source with a
 * single unnamed vector and Cosine distance; point id = UUIDv5 (DNS namespace) of the chunk id; the chunk id also in
 * the payload ({@code chunk_id}); keyword payload indexes on the chunk id and the declared fields, created before
 * upserts; upserts in batches of 50 with {@code wait=true}; a filter is a {@code must} list of match-any conditions.
 *
 * <p>The collection's size and indexed fields are cached per collection (read once from the server) to refuse a wrong
 * vector size or an unindexed filter with a clear message; a cached entry is re-read when it seems stale.
 */
public final class QdrantVectorStore implements VectorStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QdrantVectorStore.class);

    static final int UPSERT_BATCH = 50;
    private static final int SCROLL_PAGE = 256;
    /** Points a keyword search reads at most before ranking them (bounds memory and time). */
    static final int KEYWORD_CANDIDATES = 2000;

    private final Set<String> textIndexed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final QdrantClient client;
    private final String location;
    private final Map<String, CollectionMeta> meta = new ConcurrentHashMap<>();

    private record CollectionMeta(int dimensions, Set<String> keywordFields) {}

    /** Over an already built client (tests, or a client configured elsewhere); this store closes it. */
    public QdrantVectorStore(QdrantClient client, String location) {
        this.client = client;
        this.location = location;
    }

    /**
     * Connects to {@code clusterUrl} ({@code QDRANT_CLUSTER_URL}, see {@link QdrantEndpoint} for the accepted forms)
     * with an optional API key ({@code QDRANT_API_KEY}; blank or null = none). The connection is lazy: nothing is
     * sent until the first call.
     *
     * @throws IllegalArgumentException when the URL is not usable, with a message naming the variable
     */
    public static QdrantVectorStore connect(String clusterUrl, String apiKey) {
        QdrantEndpoint endpoint = QdrantEndpoint.parse(clusterUrl);
        if (endpoint.mappedFromRestPort()) {
            LOG.info(
                    "QDRANT_CLUSTER_URL names the REST port {}; connecting to gRPC on {}",
                    QdrantEndpoint.REST_PORT,
                    QdrantEndpoint.GRPC_PORT);
        }
        boolean hasKey = apiKey != null && !apiKey.isBlank();
        if (hasKey && !endpoint.tls() && !isLoopback(endpoint.host())) {
            LOG.warn("QDRANT_API_KEY is sent in clear text to {}; use https://", endpoint.host());
        }
        QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(
                        endpoint.host(), endpoint.port(), endpoint.tls(), false)
                .withTimeout(TIMEOUT);
        if (hasKey) {
            builder.withApiKey(apiKey.trim());
        }
        LOG.info("Qdrant vector store at {} (gRPC{})", endpoint, hasKey ? ", API key" : "");
        return new QdrantVectorStore(new QdrantClient(builder.build()), endpoint.toString());
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** Probe for {@code /health}: Qdrant's health check. */
    public HealthProbe healthProbe() {
        return new HealthProbe() {
            @Override
            public String name() {
                return "vectorStore";
            }

            @Override
            public HealthStatus check() {
                try {
                    client.healthCheckAsync(Duration.ofSeconds(3)).get(4, TimeUnit.SECONDS);
                    return HealthStatus.ok();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return HealthStatus.down("interrupted");
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    return HealthStatus.down("Qdrant at " + location + " does not answer");
                }
            }
        };
    }

    @Override
    public void ensureCollection(CollectionSpec spec) {
        String name = spec.name();
        boolean exists = await(client.collectionExistsAsync(name), name);
        if (!exists) {
            try {
                await(
                        client.createCollectionAsync(
                                name,
                                VectorParams.newBuilder()
                                        .setSize(spec.dimensions())
                                        .setDistance(Distance.Cosine)
                                        .build()),
                        name);
                LOG.info("created Qdrant collection {} ({} dimensions)", name, spec.dimensions());
            } catch (DomainException e) {
                if (!await(client.collectionExistsAsync(name), name)) { // lost a creation race: fine
                    throw e;
                }
            }
        }
        CollectionMeta current = fetchMeta(name);
        if (current.dimensions() != spec.dimensions()) {
            throw new DomainException(
                    ErrorCode.CONFLICT,
                    "vector collection " + name + " holds vectors of " + current.dimensions() + " dimensions, not "
                            + spec.dimensions() + "; delete it and ingest again");
        }
        Set<String> indexed = new LinkedHashSet<>(current.keywordFields());
        for (String field : spec.keywordIndexedFields()) {
            if (!indexed.contains(field)) {
                await(
                        client.createPayloadIndexAsync(
                                name, field, PayloadSchemaType.Keyword, null, true, null, TIMEOUT),
                        name);
                indexed.add(field);
            }
        }
        meta.put(name, new CollectionMeta(current.dimensions(), Set.copyOf(indexed)));
    }

    @Override
    public boolean collectionExists(String collection) {
        CollectionSpec.requireValidName(collection);
        return await(client.collectionExistsAsync(collection), collection);
    }

    @Override
    public void deleteCollection(String collection) {
        CollectionSpec.requireValidName(collection);
        meta.remove(collection);
        if (!collectionExists(collection)) {
            return;
        }
        try {
            await(client.deleteCollectionAsync(collection), collection);
            LOG.info("deleted Qdrant collection {}", collection);
        } catch (DomainException e) {
            // Qdrant answers "false" (the client throws) when the collection vanished meanwhile: that is success
            if (collectionExists(collection)) {
                throw e;
            }
        }
    }

    @Override
    public void upsert(String collection, List<VectorPoint> points) {
        CollectionMeta m = meta(collection);
        for (VectorPoint p : points) {
            if (p.vector().length != m.dimensions()) {
                m = refreshed(collection);
            }
            Vectors.requireDimensions(p.vector(), m.dimensions(), collection, "chunk " + p.chunkId());
            Vectors.normalized(p.vector(), "chunk " + p.chunkId()); // Qdrant would store NaNs for a zero vector
        }
        for (int from = 0; from < points.size(); from += UPSERT_BATCH) {
            List<PointStruct> batch = new ArrayList<>(UPSERT_BATCH);
            for (VectorPoint p : points.subList(from, Math.min(points.size(), from + UPSERT_BATCH))) {
                batch.add(PointStruct.newBuilder()
                        .setId(pointId(p.chunkId()))
                        .setVectors(VectorsFactory.vectors(p.vector()))
                        .putAllPayload(toValues(p.storedPayload()))
                        .build());
            }
            await(
                    client.upsertAsync(UpsertPoints.newBuilder()
                            .setCollectionName(collection)
                            .addAllPoints(batch)
                            .setWait(true)
                            .build()),
                    collection);
        }
    }

    @Override
    public void delete(String collection, Collection<String> chunkIds) {
        CollectionSpec.requireValidName(collection);
        if (chunkIds.isEmpty()) {
            return;
        }
        List<PointId> ids = chunkIds.stream().map(QdrantVectorStore::pointId).toList();
        try {
            await(client.deleteAsync(collection, ids), collection);
        } catch (DomainException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public long count(String collection) {
        CollectionSpec.requireValidName(collection);
        return await(client.countAsync(collection, null, true), collection);
    }

    @Override
    public List<ScoredPoint> search(String collection, float[] query, int limit, VectorFilter filter) {
        Vectors.requireLimit(limit);
        CollectionMeta m = meta(collection);
        if (query.length != m.dimensions()
                || !m.keywordFields().containsAll(filter.anyOf().keySet())) {
            m = refreshed(collection);
        }
        filter.requireIndexed(collection, m.keywordFields());
        Vectors.requireDimensions(query, m.dimensions(), collection, "the query vector");
        Vectors.normalized(query, "the query vector");
        SearchPoints.Builder search = SearchPoints.newBuilder()
                .setCollectionName(collection)
                .setLimit(limit)
                .setWithPayload(WithPayloadSelectorFactory.enable(true));
        for (float x : query) {
            search.addVector(x);
        }
        if (!filter.isEmpty()) {
            search.setFilter(toFilter(filter));
        }
        List<io.qdrant.client.grpc.Points.ScoredPoint> found = await(client.searchAsync(search.build()), collection);
        List<ScoredPoint> hits = new ArrayList<>(found.size());
        for (io.qdrant.client.grpc.Points.ScoredPoint p : found) {
            Map<String, Object> payload = fromValues(p.getPayloadMap());
            hits.add(new ScoredPoint(chunkId(p.getId(), payload), p.getScore(), payload));
        }
        return List.copyOf(hits);
    }

    /**
     * Qdrant's full-text match selects the points holding a query word (a full-text index on {@code content} is
     * created on first use); at most {@link #KEYWORD_CANDIDATES} of them are read and ranked here by {@link Bm25}.
     */
    @Override
    public List<ScoredPoint> keywordSearch(String collection, String text, int limit, VectorFilter filter) {
        Vectors.requireLimit(limit);
        CollectionMeta m = meta(collection);
        if (!m.keywordFields().containsAll(filter.anyOf().keySet())) {
            m = refreshed(collection);
        }
        filter.requireIndexed(collection, m.keywordFields());
        List<String> words = Bm25.queryWords(text);
        if (words.isEmpty()) {
            return List.of();
        }
        if (textIndexed.add(collection)) {
            try {
                await(
                        client.createPayloadIndexAsync(
                                collection, ChunkPayload.CONTENT, PayloadSchemaType.Text, null, true, null, TIMEOUT),
                        collection);
            } catch (DomainException e) {
                textIndexed.remove(collection);
                throw e;
            }
        }
        Filter.Builder any = Filter.newBuilder();
        for (String word : words) {
            any.addShould(ConditionFactory.matchText(ChunkPayload.CONTENT, word));
        }
        Filter.Builder where = filter.isEmpty() ? Filter.newBuilder() : toFilter(filter).toBuilder();
        where.addMust(ConditionFactory.filter(any.build()));
        List<ScoredPoint> candidates = new ArrayList<>();
        PointId offset = null;
        do {
            ScrollPoints.Builder scroll = ScrollPoints.newBuilder()
                    .setCollectionName(collection)
                    .setFilter(where.build())
                    .setLimit(Math.min(SCROLL_PAGE, KEYWORD_CANDIDATES - candidates.size()))
                    .setWithPayload(WithPayloadSelectorFactory.enable(true));
            if (offset != null) {
                scroll.setOffset(offset);
            }
            ScrollResponse page = await(client.scrollAsync(scroll.build()), collection);
            for (RetrievedPoint p : page.getResultList()) {
                Map<String, Object> payload = fromValues(p.getPayloadMap());
                candidates.add(new ScoredPoint(chunkId(p.getId(), payload), 0, payload));
            }
            offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
        } while (offset != null && candidates.size() < KEYWORD_CANDIDATES);
        return Bm25.rank(words, candidates, count(collection), limit);
    }

    @Override
    public List<String> listChunkIds(String collection) {
        CollectionSpec.requireValidName(collection);
        List<String> ids = new ArrayList<>();
        PointId offset = null;
        do {
            ScrollPoints.Builder scroll = ScrollPoints.newBuilder()
                    .setCollectionName(collection)
                    .setLimit(SCROLL_PAGE)
                    .setWithPayload(WithPayloadSelectorFactory.include(List.of(VectorPoint.CHUNK_ID_FIELD)));
            if (offset != null) {
                scroll.setOffset(offset);
            }
            ScrollResponse page = await(client.scrollAsync(scroll.build()), collection);
            for (RetrievedPoint p : page.getResultList()) {
                ids.add(chunkId(p.getId(), fromValues(p.getPayloadMap())));
            }
            offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
        } while (offset != null);
        return List.copyOf(ids);
    }

    @Override
    public void close() {
        client.close();
    }

    // ---- mapping

    static PointId pointId(String chunkId) {
        return PointIdFactory.id(ChunkPointIds.of(chunkId));
    }

    /** The chunk id of a point: its payload field, else (points written by other tools) the point id itself. */
    private static String chunkId(PointId id, Map<String, Object> payload) {
        if (payload.get(VectorPoint.CHUNK_ID_FIELD) instanceof String s) {
            return s;
        }
        return id.hasUuid() ? id.getUuid() : Long.toString(id.getNum());
    }

    static Filter toFilter(VectorFilter filter) {
        Filter.Builder must = Filter.newBuilder();
        filter.anyOf().forEach((field, values) -> {
            List<String> keywords = values.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
            List<Long> integers = values.stream()
                    .filter(Long.class::isInstance)
                    .map(Long.class::cast)
                    .toList();
            Condition condition;
            if (integers.isEmpty()) {
                condition = matchKeywords(field, keywords);
            } else if (keywords.isEmpty()) {
                condition = matchValues(field, integers);
            } else { // Qdrant's match-any takes one type: either of the two
                condition = ConditionFactory.filter(Filter.newBuilder()
                        .addShould(matchKeywords(field, keywords))
                        .addShould(matchValues(field, integers))
                        .build());
            }
            must.addMust(condition);
        });
        return must.build();
    }

    static Map<String, Value> toValues(Map<String, Object> payload) {
        Map<String, Value> values = new LinkedHashMap<>();
        payload.forEach((k, v) -> values.put(k, toValue(v)));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Value toValue(Object v) {
        return switch (v) {
            case null -> ValueFactory.nullValue();
            case String s -> ValueFactory.value(s);
            case Boolean b -> ValueFactory.value(b);
            case Long l -> ValueFactory.value(l);
            case Double d -> ValueFactory.value(d);
            case List<?> list ->
                ValueFactory.list(list.stream().map(QdrantVectorStore::toValue).toList());
            case Map<?, ?> map -> ValueFactory.value(toValues((Map<String, Object>) map));
            default -> throw new IllegalArgumentException("not a canonical payload value: " + v.getClass());
        };
    }

    static Map<String, Object> fromValues(Map<String, Value> values) {
        Map<String, Object> payload = new LinkedHashMap<>();
        values.forEach((k, v) -> payload.put(k, fromValue(v)));
        return Payloads.canonical(payload);
    }

    private static Object fromValue(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INTEGER_VALUE -> v.getIntegerValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case LIST_VALUE ->
                v.getListValue().getValuesList().stream()
                        .map(QdrantVectorStore::fromValue)
                        .toList();
            case STRUCT_VALUE -> {
                Map<String, Object> map = new LinkedHashMap<>();
                v.getStructValue().getFieldsMap().forEach((k, x) -> map.put(k, fromValue(x)));
                yield map;
            }
        };
    }

    // ---- collection metadata

    private CollectionMeta meta(String collection) {
        CollectionSpec.requireValidName(collection);
        CollectionMeta m = meta.get(collection);
        return m != null ? m : refreshed(collection);
    }

    private CollectionMeta refreshed(String collection) {
        CollectionMeta m = fetchMeta(collection);
        meta.put(collection, m);
        return m;
    }

    private CollectionMeta fetchMeta(String collection) {
        CollectionInfo info = await(client.getCollectionInfoAsync(collection), collection);
        VectorParams params = info.getConfig().getParams().getVectorsConfig().getParams();
        return new CollectionMeta(
                (int) params.getSize(), Set.copyOf(info.getPayloadSchemaMap().keySet()));
    }

    // ---- errors

    private <T> T await(ListenableFuture<T> future, String collection) {
        try {
            return future.get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new DomainException(ErrorCode.UNAVAILABLE, "interrupted while calling Qdrant", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DomainException(ErrorCode.UNAVAILABLE, "Qdrant at " + location + " did not answer in time", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), collection);
        }
    }

    private DomainException translate(Throwable cause, String collection) {
        Status status = cause instanceof StatusRuntimeException s ? s.getStatus() : Status.fromThrowable(cause);
        String detail = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        return switch (status.getCode()) {
            case NOT_FOUND ->
                new DomainException(ErrorCode.NOT_FOUND, "vector collection " + collection + " not found", cause);
            case INVALID_ARGUMENT, OUT_OF_RANGE ->
                new DomainException(
                        ErrorCode.VALIDATION, "Qdrant refused the request on " + collection + ": " + detail, cause);
            case ALREADY_EXISTS ->
                new DomainException(ErrorCode.CONFLICT, "vector collection " + collection + " already exists", cause);
            case UNAUTHENTICATED, PERMISSION_DENIED -> {
                LOG.error("Qdrant at {} refused the credentials ({})", location, status.getCode());
                yield new DomainException(
                        ErrorCode.UNAVAILABLE,
                        "the vector store refused our credentials (check QDRANT_API_KEY)",
                        cause);
            }
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED -> {
                LOG.warn("Qdrant at {} unavailable: {} {}", location, status.getCode(), detail);
                yield new DomainException(ErrorCode.UNAVAILABLE, "the vector store is unavailable", cause);
            }
            default -> {
                LOG.error("Qdrant call on {} failed: {} {}", collection, status.getCode(), detail, cause);
                yield new DomainException(ErrorCode.INTERNAL, "the vector store failed", cause);
            }
        };
    }
}
