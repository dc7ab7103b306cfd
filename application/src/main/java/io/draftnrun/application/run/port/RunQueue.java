package io.draftnrun.application.run.port;

import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable queue of runs accepted without waiting, shared by every server instance (a Redis stream read through a
 * consumer group): any instance executes a queued run, also when the one that accepted it has died. A received entry
 * stays pending for its consumer until {@link #ack}ed; one whose consumer went silent for longer than an idle time can
 * be {@link #reclaim}ed by another. Failures are DomainExceptions with code UNAVAILABLE.
 */
public interface RunQueue {
    /** Queues the run (stored QUEUED before). */
    void enqueue(RunId runId);

    /** Up to {@code max} entries never delivered before, waiting at most {@code wait} for the first one. */
    List<Delivery> receive(String consumer, int max, Duration wait);

    /** Takes over up to {@code max} entries delivered to any consumer and not acknowledged for {@code minIdle}. */
    List<Delivery> reclaim(String consumer, Duration minIdle, int max);

    /** The entry is dealt with (its run claimed, or found not to need executing): it is not delivered again. */
    void ack(Delivery delivery);

    /** Entries queued and not acknowledged yet. */
    long depth();

    /** When the oldest entry still queued was queued. */
    Optional<Instant> oldest();

    /** An entry received: the queue's id of it and the run it names. */
    record Delivery(String id, RunId runId) {
        public Delivery {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(runId, "runId");
        }
    }
}
