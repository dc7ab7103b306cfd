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

    /** BM25 (k1 = 1.2, b = 0.75) over the lower-cased letter/digit words of {@code content}. */
    @Override
    public List<ScoredPoint> keywordSearch(String collection, String text, int limit, VectorFilter filter) {
        Collection_ c = existing(collection);
        Vectors.requireLimit(limit);
        filter.requireIndexed(collection, c.keywordFields);
        List<String> query = words(text).stream().distinct().toList();
        Map<String, List<String>> docs = new LinkedHashMap<>();
        Map<String, Map<String, Object>> payloads = new LinkedHashMap<>();
        synchronized (c) {
            c.points.forEach((id, s) -> {
                docs.put(id, s.payload().get("content") instanceof String t ? words(t) : List.of());
                payloads.put(id, s.payload());
            });
        }
        double avg = docs.values().stream().mapToInt(List::size).average().orElse(1);
        List<ScoredPoint> hits = new ArrayList<>();
        docs.forEach((id, words) -> {
            if (!filter.matches(payloads.get(id))) {
                return;
            }
            double score = 0;
            for (String q : query) {
                long tf = words.stream().filter(q::equals).count();
                if (tf == 0) {
                    continue;
                }
                long df = docs.values().stream().filter(w -> w.contains(q)).count();
                double idf = Math.log(1 + (docs.size() - df + 0.5) / (df + 0.5));
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * words.size() / Math.max(avg, 1)));
            }
            if (score > 0) {
                hits.add(new ScoredPoint(id, score, payloads.get(id)));
            }
        });
        hits.sort(Comparator.comparingDouble(ScoredPoint::score).reversed());
        return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
    }

    private static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        return java.util.Arrays.stream(text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty())
                .toList();
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
