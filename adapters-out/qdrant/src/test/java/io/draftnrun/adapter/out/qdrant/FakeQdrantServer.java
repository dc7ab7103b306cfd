package io.draftnrun.adapter.out.qdrant;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.PayloadSchemaInfo;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.CountPoints;
import io.qdrant.client.grpc.Points.CountResponse;
import io.qdrant.client.grpc.Points.CountResult;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.GetPoints;
import io.qdrant.client.grpc.Points.GetResponse;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsOperationResponse;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.SearchResponse;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.Points.Vector;
import io.qdrant.client.grpc.Points.WithPayloadSelector;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Qdrant speaking gRPC, built from the client's own service stubs, for the adapter's contract test
 * (no Qdrant server can be run here). It keeps collections in memory and answers the calls the adapter makes with
 * Qdrant's semantics: Cosine (vectors normalised on upsert, dot product at search), brute-force search, match
 * keyword/integer/any conditions in must/should/must_not (an array payload matches when one element does), scroll
 * ordered by point id, and Qdrant's status codes (NOT_FOUND for a missing collection, INVALID_ARGUMENT for a wrong
 * vector size). With an API key set it refuses calls without the {@code api-key} header, like Qdrant.
 */
public final class FakeQdrantServer implements AutoCloseable {
    private final Map<String, FakeCollection> collections = new ConcurrentHashMap<>();
    private final Server server;
    private final String apiKey;
    final AtomicInteger upsertCalls = new AtomicInteger();

    private static final class FakeCollection {
        final int size;
        final Set<String> keywordIndexes = ConcurrentHashMap.newKeySet();
        final Set<String> textIndexes = ConcurrentHashMap.newKeySet();
        /** By the point id's string form, so scroll follows Qdrant's id order. */
        final TreeMap<String, PointStruct> points = new TreeMap<>();

        FakeCollection(int size) {
            this.size = size;
        }
    }

    public FakeQdrantServer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        ServerInterceptor auth = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String given = headers.get(Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER));
                if (FakeQdrantServer.this.apiKey != null && !FakeQdrantServer.this.apiKey.equals(given)) {
                    call.close(Status.PERMISSION_DENIED.withDescription("Invalid api-key"), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return next.startCall(call, headers);
            }
        };
        this.server = ServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(new Health(), auth))
                .addService(ServerInterceptors.intercept(new Collections(), auth))
                .addService(ServerInterceptors.intercept(new Points(), auth))
                .build()
                .start();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static <T> void reply(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }

    private FakeCollection collection(String name) {
        FakeCollection c = collections.get(name);
        if (c == null) {
            throw Status.NOT_FOUND
                    .withDescription("Not found: Collection `" + name + "` doesn't exist!")
                    .asRuntimeException();
        }
        return c;
    }

    private final class Health extends QdrantGrpc.QdrantImplBase {
        @Override
        public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> observer) {
            reply(
                    observer,
                    HealthCheckReply.newBuilder()
                            .setTitle("qdrant - fake")
                            .setVersion("1.18.3")
                            .build());
        }
    }

    private final class Collections extends CollectionsGrpc.CollectionsImplBase {
        @Override
        public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> observer) {
            VectorParams params = request.getVectorsConfig().getParams();
            if (params.getSize() < 1) {
                observer.onError(Status.INVALID_ARGUMENT
                        .withDescription("vector size must be > 0")
                        .asRuntimeException());
                return;
            }
            if (collections.putIfAbsent(request.getCollectionName(), new FakeCollection((int) params.getSize()))
                    != null) {
                observer.onError(Status.ALREADY_EXISTS
                        .withDescription("Collection `" + request.getCollectionName() + "` already exists!")
                        .asRuntimeException());
                return;
            }
            reply(
                    observer,
                    CollectionOperationResponse.newBuilder().setResult(true).build());
        }

        @Override
        public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> observer) {
            boolean removed = collections.remove(request.getCollectionName()) != null;
            reply(
                    observer,
                    CollectionOperationResponse.newBuilder().setResult(removed).build());
        }

        @Override
        public void collectionExists(
                CollectionExistsRequest request, StreamObserver<CollectionExistsResponse> observer) {
            boolean exists = collections.containsKey(request.getCollectionName());
            reply(
                    observer,
                    CollectionExistsResponse.newBuilder()
                            .setResult(CollectionExists.newBuilder().setExists(exists))
                            .build());
        }

        @Override
        public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> observer) {
            try {
                FakeCollection c = collection(request.getCollectionName());
                CollectionInfo.Builder info = CollectionInfo.newBuilder()
                        .setStatus(CollectionStatus.Green)
                        .setConfig(CollectionConfig.newBuilder()
                                .setParams(CollectionParams.newBuilder()
                                        .setVectorsConfig(VectorsConfig.newBuilder()
                                                .setParams(VectorParams.newBuilder()
                                                        .setSize(c.size)))));
                synchronized (c) {
                    info.setPointsCount(c.points.size());
                }
                c.keywordIndexes.forEach(f -> info.putPayloadSchema(
                        f,
                        PayloadSchemaInfo.newBuilder()
                                .setDataType(PayloadSchemaType.Keyword)
                                .build()));
                reply(
                        observer,
                        GetCollectionInfoResponse.newBuilder().setResult(info).build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }
    }

    private final class Points extends PointsGrpc.PointsImplBase {
        private final UpdateResult completed =
                UpdateResult.newBuilder().setStatus(UpdateStatus.Completed).build();

        @Override
        public void upsert(UpsertPoints request, StreamObserver<PointsOperationResponse> observer) {
            try {
                upsertCalls.incrementAndGet();
                FakeCollection c = collection(request.getCollectionName());
                List<PointStruct> normalised = new ArrayList<>();
                for (PointStruct p : request.getPointsList()) {
                    float[] v = data(p.getVectors().getVector());
                    if (v.length != c.size) {
                        throw Status.INVALID_ARGUMENT
                                .withDescription("Wrong input: Vector dimension error: expected dim: " + c.size
                                        + ", got " + v.length)
                                .asRuntimeException();
                    }
                    float[] unit = unit(v);
                    Vector.Builder vector = Vector.newBuilder();
                    for (float x : unit) {
                        vector.addData(x);
                    }
                    normalised.add(p.toBuilder()
                            .setVectors(p.getVectors().toBuilder().setVector(vector))
                            .build());
                }
                synchronized (c) {
                    normalised.forEach(p -> c.points.put(key(p.getId()), p));
                }
                reply(
                        observer,
                        PointsOperationResponse.newBuilder()
                                .setResult(completed)
                                .build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }

        @Override
        public void delete(DeletePoints request, StreamObserver<PointsOperationResponse> observer) {
            try {
                FakeCollection c = collection(request.getCollectionName());
                synchronized (c) {
                    request.getPoints().getPoints().getIdsList().forEach(id -> c.points.remove(key(id)));
                }
                reply(
                        observer,
                        PointsOperationResponse.newBuilder()
                                .setResult(completed)
                                .build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }

        @Override
        public void count(CountPoints request, StreamObserver<CountResponse> observer) {
            try {
                FakeCollection c = collection(request.getCollectionName());
                long count;
                synchronized (c) {
                    count = c.points.values().stream()
                            .filter(p -> matches(request.getFilter(), p.getPayloadMap()))
                            .count();
                }
                reply(
                        observer,
                        CountResponse.newBuilder()
                                .setResult(CountResult.newBuilder().setCount(count))
                                .build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }

        @Override
        public void search(SearchPoints request, StreamObserver<SearchResponse> observer) {
            try {
                FakeCollection c = collection(request.getCollectionName());
                if (request.getVectorCount() != c.size) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("Wrong input: Vector dimension error: expected dim: " + c.size + ", got "
                                    + request.getVectorCount())
                            .asRuntimeException();
                }
                float[] query = new float[request.getVectorCount()];
                for (int i = 0; i < query.length; i++) {
                    query[i] = request.getVector(i);
                }
                float[] unit = unit(query);
                List<ScoredPoint> hits = new ArrayList<>();
                synchronized (c) {
                    for (PointStruct p : c.points.values()) {
                        if (!matches(request.getFilter(), p.getPayloadMap())) {
                            continue;
                        }
                        float[] v = data(p.getVectors().getVector());
                        float dot = 0;
                        for (int i = 0; i < v.length; i++) {
                            dot += v[i] * unit[i];
                        }
                        ScoredPoint.Builder hit =
                                ScoredPoint.newBuilder().setId(p.getId()).setScore(dot);
                        if (withPayload(request.getWithPayload())) {
                            hit.putAllPayload(p.getPayloadMap());
                        }
                        hits.add(hit.build());
                    }
                }
                hits.sort(Comparator.comparingDouble(ScoredPoint::getScore).reversed());
                reply(
                        observer,
                        SearchResponse.newBuilder()
                                .addAllResult(hits.subList(0, (int) Math.min(request.getLimit(), hits.size())))
                                .build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }

        @Override
        public void scroll(ScrollPoints request, StreamObserver<ScrollResponse> observer) {
            try {
                FakeCollection c = collection(request.getCollectionName());
                int limit = request.hasLimit() ? request.getLimit() : 10;
                ScrollResponse.Builder page = ScrollResponse.newBuilder();
                synchronized (c) {
                    Map<String, PointStruct> from =
                            request.hasOffset() ? c.points.tailMap(key(request.getOffset()), true) : c.points;
                    for (PointStruct p : from.values()) {
                        if (!matches(request.getFilter(), p.getPayloadMap())) {
                            continue;
                        }
                        if (page.getResultCount() == limit) {
                            page.setNextPageOffset(p.getId());
                            break;
                        }
                        RetrievedPoint.Builder point =
                                RetrievedPoint.newBuilder().setId(p.getId());
                        WithPayloadSelector selector = request.getWithPayload();
                        if (selector.hasInclude()) {
                            selector.getInclude().getFieldsList().forEach(f -> {
                                if (p.getPayloadMap().containsKey(f)) {
                                    point.putPayload(f, p.getPayloadMap().get(f));
                                }
                            });
                        } else if (withPayload(selector)) {
                            point.putAllPayload(p.getPayloadMap());
                        }
                        page.addResult(point);
                    }
                }
                reply(observer, page.build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }

        @Override
        public void get(GetPoints request, StreamObserver<GetResponse> observer) {
            try {
                FakeCollection c = collection(request.getCollectionName());
                GetResponse.Builder found = GetResponse.newBuilder();
                synchronized (c) {
                    for (PointId id : request.getIdsList()) {
                        PointStruct p = c.points.get(key(id));
                        if (p != null) {
                            RetrievedPoint.Builder point =
                                    RetrievedPoint.newBuilder().setId(p.getId());
                            if (withPayload(request.getWithPayload())) {
                                point.putAllPayload(p.getPayloadMap());
                            }
                            found.addResult(point);
                        }
                    }
                }
                reply(observer, found.build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }

        @Override
        public void createFieldIndex(
                CreateFieldIndexCollection request, StreamObserver<PointsOperationResponse> observer) {
            try {
                FakeCollection c = collection(request.getCollectionName());
                if (request.getFieldType() == FieldType.FieldTypeText) {
                    c.textIndexes.add(request.getFieldName()); // text match works on any string here
                } else if (request.getFieldType() != FieldType.FieldTypeKeyword) {
                    throw Status.UNIMPLEMENTED
                            .withDescription("the fake indexes keywords and text only")
                            .asRuntimeException();
                } else {
                    c.keywordIndexes.add(request.getFieldName());
                }
                reply(
                        observer,
                        PointsOperationResponse.newBuilder()
                                .setResult(completed)
                                .build());
            } catch (RuntimeException e) {
                observer.onError(e);
            }
        }
    }

    private static boolean withPayload(WithPayloadSelector selector) {
        return selector.hasEnable() ? selector.getEnable() : selector.hasInclude() || selector.hasExclude();
    }

    private static String key(PointId id) {
        return id.hasUuid() ? id.getUuid() : String.format("%020d", id.getNum());
    }

    private static float[] data(Vector vector) {
        List<Float> data = vector.hasDense() ? vector.getDense().getDataList() : vector.getDataList();
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.get(i);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] * inv;
        }
        return u;
    }

    /** Qdrant's filter semantics for the conditions the adapter sends. */
    static boolean matches(Filter filter, Map<String, Value> payload) {
        for (Condition c : filter.getMustList()) {
            if (!matches(c, payload)) {
                return false;
            }
        }
        if (filter.getShouldCount() > 0 && filter.getShouldList().stream().noneMatch(c -> matches(c, payload))) {
            return false;
        }
        return filter.getMustNotList().stream().noneMatch(c -> matches(c, payload));
    }

    private static boolean matches(Condition condition, Map<String, Value> payload) {
        return switch (condition.getConditionOneOfCase()) {
            case FIELD ->
                matches(condition.getField(), payload.get(condition.getField().getKey()));
            case FILTER -> matches(condition.getFilter(), payload);
            default ->
                throw Status.UNIMPLEMENTED
                        .withDescription("the fake does not support " + condition.getConditionOneOfCase())
                        .asRuntimeException();
        };
    }

    private static boolean matches(FieldCondition field, Value value) {
        if (value == null) {
            return false;
        }
        if (value.hasListValue()) {
            return value.getListValue().getValuesList().stream().anyMatch(v -> matches(field, v));
        }
        Match match = field.getMatch();
        return switch (match.getMatchValueCase()) {
            case KEYWORD -> value.hasStringValue() && value.getStringValue().equals(match.getKeyword());
            case INTEGER -> value.hasIntegerValue() && value.getIntegerValue() == match.getInteger();
            case KEYWORDS ->
                value.hasStringValue() && match.getKeywords().getStringsList().contains(value.getStringValue());
            case INTEGERS ->
                value.hasIntegerValue() && match.getIntegers().getIntegersList().contains(value.getIntegerValue());
            // Qdrant's word tokenizer, lower-cased: every word of the match text is a word of the value
            case TEXT ->
                value.hasStringValue()
                        && java.util.Set.of(value.getStringValue()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .split("[^\\p{L}\\p{N}]+"))
                                .containsAll(java.util.List.of(match.getText()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .split("[^\\p{L}\\p{N}]+")));
            default ->
                throw Status.UNIMPLEMENTED
                        .withDescription("the fake does not support match " + match.getMatchValueCase())
                        .asRuntimeException();
        };
    }
}
