package io.draftnrun.application.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * BM25 (k1 = 1.2, b = 0.75) for stores that rank keyword matches themselves (Qdrant's full-text match filters but
 * does not rank): words are the lower-cased runs of letters and digits, less English and question stop words (the
 * list the Lucene store uses). Document frequencies come from the candidates given, which must be every point holding
 * one of the query words (or as many as were read); {@code totalPoints} is the collection's size.
 */
public final class Bm25 {
    /** The words of a query beyond this many are ignored (bounds a query a user or model sends). */
    public static final int MAX_QUERY_WORDS = 64;

    public static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
            "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
            "will", "with", "what", "which", "who", "whom", "how", "when", "where", "why", "does", "do", "did", "we",
            "our", "i", "you", "your", "can", "has", "have", "had");

    private Bm25() {}

    /** The words of a text in order, stop words removed. */
    public static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty() && !STOP_WORDS.contains(w))
                .toList();
    }

    /** The distinct words of a query, at most {@link #MAX_QUERY_WORDS}. */
    public static List<String> queryWords(String text) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(words(text)));
        return List.copyOf(distinct.subList(0, Math.min(MAX_QUERY_WORDS, distinct.size())));
    }

    /** The candidates sharing a word with the query, best first, at most {@code limit}, scored by BM25. */
    public static List<ScoredPoint> rank(
            List<String> query, Collection<ScoredPoint> candidates, long totalPoints, int limit) {
        Map<ScoredPoint, List<String>> docs = new HashMap<>();
        Map<String, Integer> df = new HashMap<>();
        double totalLength = 0;
        for (ScoredPoint p : candidates) {
            List<String> w = p.payload().get(ChunkPayload.CONTENT) instanceof String s ? words(s) : List.of();
            docs.put(p, w);
            totalLength += w.size();
            for (String q : query) {
                if (w.contains(q)) {
                    df.merge(q, 1, Integer::sum);
                }
            }
        }
        double avg = docs.isEmpty() ? 1 : Math.max(1, totalLength / docs.size());
        long n = Math.max(totalPoints, docs.size());
        List<ScoredPoint> scored = new ArrayList<>();
        for (ScoredPoint p : candidates) {
            List<String> w = docs.get(p);
            double score = 0;
            for (String q : query) {
                long tf = w.stream().filter(q::equals).count();
                if (tf > 0) {
                    int d = df.get(q);
                    double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
                    score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * w.size() / avg));
                }
            }
            if (score > 0) {
                scored.add(new ScoredPoint(p.chunkId(), score, p.payload()));
            }
        }
        scored.sort(java.util.Comparator.comparingDouble(ScoredPoint::score).reversed());
        return List.copyOf(scored.subList(0, Math.min(limit, scored.size())));
    }
}
