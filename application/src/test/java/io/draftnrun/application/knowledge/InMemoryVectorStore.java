package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Brute-force {@link VectorStore} in memory: the fake for application tests, held to {@link VectorStoreContract}. */
public final class InMemoryVectorStore implements VectorStore {
    private final Map<String, Collection_> collections = new ConcurrentHashMap<>();

    private static final class Collection_ {
        final int dimensions;
        final Set<String> keywordFields = ConcurrentHashMap.newKeySet();
        final Map<String, Stored> points = new LinkedHashMap<>();

        Collection_(int dimensions) {
            this.dimensions = dimensions;
        }
    }

    private record Stored(float[] unit, Map<String, Object> payload) {}

    @Override
    public void ensureCollection(CollectionSpec spec) {
        Collection_ c = collections.computeIfAbsent(spec.name(), n -> new Collection_(spec.dimensions()));
        if (c.dimensions != spec.dimensions()) {
            throw new DomainException(
                    ErrorCode.CONFLICT,
                    "collection " + spec.name() + " holds vectors of " + c.dimensions + " dimensions, not "
                            + spec.dimensions());
        }
        c.keywordFields.addAll(spec.keywordIndexedFields());
    }

    @Override
    public boolean collectionExists(String collection) {
        return collections.containsKey(collection);
    }

    @Override
    public void deleteCollection(String collection) {
        collections.remove(collection);
    }

    @Override
    public void upsert(String collection, List<VectorPoint> points) {
        Collection_ c = existing(collection);
        List<Map.Entry<String, Stored>> prepared = new ArrayList<>();
        for (VectorPoint p : points) {
            Vectors.requireDimensions(p.vector(), c.dimensions, collection, "chunk " + p.chunkId());
            prepared.add(Map.entry(
                    p.chunkId(),
                    new Stored(Vectors.normalized(p.vector(), "chunk " + p.chunkId()), p.storedPayload())));
        }
        synchronized (c) {
            prepared.forEach(e -> c.points.put(e.getKey(), e.getValue()));
        }
    }

    @Override
    public void delete(String collection, Collection<String> chunkIds) {
        Collection_ c = collections.get(collection);
        if (c != null) {
            synchronized (c) {
                chunkIds.forEach(c.points::remove);
            }
        }
    }

    @Override
    public long count(String collection) {
        Collection_ c = existing(collection);
        synchronized (c) {
            return c.points.size();
        }
    }

    @Override
    public List<ScoredPoint> search(String collection, float[] query, int limit, VectorFilter filter) {
        Collection_ c = existing(collection);
        Vectors.requireLimit(limit);
        filter.requireIndexed(collection, c.keywordFields);
        Vectors.requireDimensions(query, c.dimensions, collection, "the query vector");
        float[] unit = Vectors.normalized(query, "the query vector");
        List<ScoredPoint> hits = new ArrayList<>();
        synchronized (c) {
            c.points.forEach((id, s) -> {
                if (filter.matches(s.payload())) {
                    hits.add(new ScoredPoint(id, Vectors.dot(unit, s.unit()), s.payload()));
                }
            });
        }
        hits.sort(Comparator.comparingDouble(ScoredPoint::score).reversed());
        return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
    }

    @Override
    public List<String> listChunkIds(String collection) {
        Collection_ c = existing(collection);
        synchronized (c) {
            return List.copyOf(c.points.keySet());
        }
    }

    private Collection_ existing(String collection) {
        Collection_ c = collections.get(collection);
        if (c == null) {
            throw DomainException.notFound("vector collection " + collection);
        }
        return c;
    }
}
