package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import java.util.Collection;
import java.util.List;

/**
 * Holds embedded chunks in named collections (one per knowledge source) and finds the nearest ones to a query vector
 * by cosine similarity. Points are keyed by chunk id: writing a chunk id again replaces the point. The chunk id is
 * also stored in the payload under {@link VectorPoint#CHUNK_ID_FIELD}.
 *
 * <p>Errors are {@code DomainException}s: {@code VALIDATION} for a vector of the wrong size, a zero vector, or a
 * filter on a field that is not keyword-indexed; {@code NOT_FOUND} when the collection does not exist (except for the
 * deletes, which are idempotent); {@code CONFLICT} when a collection exists with another size;
 * {@code UNAVAILABLE} when the store cannot be reached.
 */
public interface VectorStore {

    /**
     * Creates the collection if absent, and adds keyword indexes for fields not yet indexed. Idempotent. Fails with
     * {@code CONFLICT} if it exists with another number of dimensions.
     */
    void ensureCollection(CollectionSpec spec);

    boolean collectionExists(String collection);

    /** Deletes the collection and all its points; nothing happens if it does not exist. */
    void deleteCollection(String collection);

    /** Inserts or replaces the points (by chunk id), in batches; visible to searches once this returns. */
    void upsert(String collection, List<VectorPoint> points);

    /**
     * Inserts or replaces the points like {@link #upsert}, but they need be neither visible to searches nor durable
     * before the next {@link #commit} of the collection: a bulk writer (ingestion) commits once per document instead
     * of paying for a commit per batch. A store whose writes are durable and visible at once does the same as
     * {@link #upsert} (the default).
     */
    default void upsertUncommitted(String collection, List<VectorPoint> points) {
        upsert(collection, points);
    }

    /**
     * Makes the points written by {@link #upsertUncommitted} durable and visible to searches; once it returns they
     * survive a crash. Nothing to do for a store that writes at once (the default).
     */
    default void commit(String collection) {}

    /** Deletes the points with these chunk ids; unknown ids and a missing collection are ignored. */
    void delete(String collection, Collection<String> chunkIds);

    /** Number of points in the collection. */
    long count(String collection);

    /**
     * The {@code limit} points most similar to {@code query} that pass {@code filter}, best first, scored by cosine
     * similarity in [-1, 1].
     */
    List<ScoredPoint> search(String collection, float[] query, int limit, VectorFilter filter);

    /**
     * The {@code limit} points whose {@code content} payload text best matches the words of {@code text} (BM25 or the
     * store's full-text ranking), best first, that pass {@code filter}. Scores are the store's keyword relevance
     * (higher is better; not comparable with cosine similarities). Points sharing no word with the text are not
     * returned. A store without keyword search fails with {@code FAILED_PRECONDITION}.
     */
    default List<ScoredPoint> keywordSearch(String collection, String text, int limit, VectorFilter filter) {
        throw new io.draftnrun.domain.shared.DomainException(
                io.draftnrun.domain.shared.ErrorCode.FAILED_PRECONDITION,
                "this vector store has no keyword search: use the semantic retrieval mode");
    }

    /** Every chunk id in the collection, in no particular order (to reconcile a source with its collection). */
    List<String> listChunkIds(String collection);
}
