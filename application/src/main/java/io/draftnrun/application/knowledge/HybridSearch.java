package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.domain.knowledge.ReciprocalRankFusion;
import io.draftnrun.domain.knowledge.RetrievalMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Searches a collection in a {@link RetrievalMode}: semantic (vector search), keyword (the store's BM25) or hybrid,
 * where both lists of {@link #candidates} are fused by reciprocal rank ({@link ReciprocalRankFusion}, k = 60) and the
 * fused score replaces the scores. Shared by the Retriever and the retrieval benchmark, so the benchmark measures what
 * runs.
 */
public final class HybridSearch {
    /** Each list of a hybrid search holds this many hits at least (more when the limit is larger). */
    public static final int MIN_CANDIDATES = 30;

    private HybridSearch() {}

    /** How many hits each list of a hybrid search asks for to return {@code limit}. */
    public static int candidates(int limit) {
        return Math.min(Vectors.MAX_LIMIT, Math.max(MIN_CANDIDATES, 3 * limit));
    }

    /**
     * The {@code limit} best points for the query {@code text}, whose embedding {@code vector} computes only when the
     * mode needs it.
     */
    public static List<ScoredPoint> search(
            VectorStore store,
            String collection,
            RetrievalMode mode,
            String text,
            Supplier<float[]> vector,
            int limit,
            VectorFilter filter) {
        return switch (mode) {
            case SEMANTIC -> store.search(collection, vector.get(), limit, filter);
            case KEYWORD -> store.keywordSearch(collection, text, limit, filter);
            case HYBRID -> {
                int n = candidates(limit);
                List<ScoredPoint> semantic = store.search(collection, vector.get(), n, filter);
                List<ScoredPoint> keyword = store.keywordSearch(collection, text, n, filter);
                Map<String, ScoredPoint> byId = new HashMap<>();
                semantic.forEach(p -> byId.put(p.chunkId(), p));
                keyword.forEach(p -> byId.putIfAbsent(p.chunkId(), p));
                List<ScoredPoint> fused = new ArrayList<>(limit);
                for (ReciprocalRankFusion.Fused f : ReciprocalRankFusion.fuse(
                        List.of(ids(semantic), ids(keyword)), ReciprocalRankFusion.DEFAULT_K)) {
                    if (fused.size() == limit) {
                        break;
                    }
                    fused.add(
                            new ScoredPoint(f.id(), f.score(), byId.get(f.id()).payload()));
                }
                yield List.copyOf(fused);
            }
        };
    }

    private static List<String> ids(List<ScoredPoint> points) {
        return points.stream().map(ScoredPoint::chunkId).toList();
    }
}
