package io.draftnrun.application.shared.port;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Operational measurements every slice reports (exposed on {@code /metrics}). Every method has a no-op default;
 * implementations must be cheap, thread-safe and never throw. Label values must come from small closed sets
 * (statuses, operation names from the schema, provider names), never from user input.
 */
public interface Metrics {
    /** Measures nothing. */
    Metrics NOOP = new Metrics() {};

    /** One HTTP request: method, route pattern (not the raw path), status code and duration. */
    default void httpRequest(String method, String route, int status, Duration duration) {}

    /** One GraphQL operation: its root field(s), outcome ({@code ok}, {@code error}, {@code refused}) and duration. */
    default void graphQlOperation(String operation, String outcome, Duration duration) {}

    /** A run ended with {@code status} ({@code succeeded}, {@code failed}, {@code cancelled}) after {@code duration}. */
    default void runFinished(String status, Duration duration) {}

    /** A node of a run ended: the component kind, {@code succeeded}/{@code failed}, and its duration. */
    default void nodeFinished(String component, String status, Duration duration) {}

    /** Tokens used by one LLM call. */
    default void llmTokens(String provider, long prompt, long completion) {}

    /** Registers the ingestion queue depth, read at each scrape. */
    default void ingestionQueueDepth(LongSupplier depth) {}

    /**
     * Registers the run queue's depth (runs accepted without waiting, not yet started) and the age in seconds of its
     * oldest entry, read at each scrape.
     */
    default void runQueue(LongSupplier depth, java.util.function.DoubleSupplier oldestAgeSeconds) {}

    /** An ingestion task ended with {@code outcome} ({@code succeeded}, {@code failed}, {@code retried}). */
    default void ingestionTaskFinished(String outcome) {}

    /** Spans lost (buffer full or traces database unavailable). */
    default void spansDropped(long count) {}

    /** Spans written to the traces database. */
    default void spansWritten(long count) {}

    /** Registers the number of spans waiting in the writer's buffer, read at each scrape. */
    default void spanBufferSize(LongSupplier size) {}
}
