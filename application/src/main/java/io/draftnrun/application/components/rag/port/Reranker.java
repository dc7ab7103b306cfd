package io.draftnrun.application.components.rag.port;

import java.util.List;

/**
 * Reorders documents by relevance to a query with a rerank model (Cohere). Returns at most {@code topN} results, best
 * first. Failures are DomainExceptions (UNAVAILABLE, FAILED_PRECONDITION when no key is configured).
 */
public interface Reranker {
    List<Ranked> rerank(String model, String query, List<String> documents, int topN);

    /** The position of a document in the given list and its relevance score in [0, 1]. */
    record Ranked(int index, double relevance) {}
}
