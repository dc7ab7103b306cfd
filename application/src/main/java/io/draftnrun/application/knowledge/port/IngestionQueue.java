package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.IngestionJob;
import io.draftnrun.application.knowledge.JobDelivery;
import java.time.Duration;
import java.util.List;

/**
 * Durable work queue of ingestion jobs shared by all workers (a Redis stream with a consumer group). A received job
 * stays pending for its consumer until {@link #ack}ed; a job whose consumer went silent for longer than an idle time
 * can be {@link #reclaim}ed by another consumer. Delivery is at least once: handlers must be idempotent.
 */
public interface IngestionQueue {
    void enqueue(IngestionJob job);

    /** Up to {@code max} jobs never delivered before, waiting at most {@code wait} for the first one. */
    List<JobDelivery> receive(String consumer, int max, Duration wait);

    /** Takes over up to {@code max} jobs delivered to any consumer and not acknowledged for at least {@code minIdle}. */
    List<JobDelivery> reclaim(String consumer, Duration minIdle, int max);

    /** Resets the idle time of a delivery still being worked on, so nobody reclaims it. */
    void extend(String consumer, JobDelivery delivery);

    /** The work of this delivery is committed; it will not be delivered again. */
    void ack(JobDelivery delivery);

    /** Jobs delivered and not acknowledged yet (all consumers). */
    long pendingCount();
}
