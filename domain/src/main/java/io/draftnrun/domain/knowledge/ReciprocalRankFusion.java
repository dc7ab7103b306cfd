package io.draftnrun.domain.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an item's fused score is the sum over the ranked lists
 * that contain it of {@code 1 / (k + rank)}, ranks from 1. Only ranks count, so lists scored on different scales
 * (cosine similarity, BM25) combine without calibration; {@code k = 60} damps the weight of the very first ranks.
 */
public final class ReciprocalRankFusion {
    public static final int DEFAULT_K = 60;

    private ReciprocalRankFusion() {}

    /** A fused item and its score. */
    public record Fused(String id, double score) {}

    /**
     * The ids of {@code rankings} (each best first, ids unique within a list) by fused score, best first; ties keep the
     * order of first appearance (earlier lists first).
     */
    public static List<Fused> fuse(List<List<String>> rankings, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<String> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                scores.merge(ranking.get(i), 1.0 / (k + i + 1), Double::sum);
            }
        }
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> fused.add(new Fused(id, score)));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed()); // stable: ties keep first appearance
        return fused;
    }
}
