package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue of runs accepted without waiting, on a Redis stream ({@code RUN_QUEUE_NAME}, default
 * {@value #DEFAULT_STREAM}) read through the consumer group {@value #GROUP}, as the ingestion queue: XADD to queue,
 * XREADGROUP for new entries, XAUTOCLAIM to take over entries a dead consumer left, XACK then XDEL once dealt with.
 * Entries carry {@code run_id}. An entry's id starts with the millisecond it was added: the age of the oldest.
 */
public final class RedisStreamRunQueue implements RunQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamRunQueue.class);
    public static final String DEFAULT_STREAM = "draftnrun_run_queue";
    public static final String GROUP = "run_executors";

    private final StreamConsumerGroup group;

    public RedisStreamRunQueue(RedissonClient client, String streamName) {
        this.group = new StreamConsumerGroup(client, streamName, GROUP, "the run queue");
        LOG.info("run queue on Redis stream {} (group {})", streamName, GROUP);
    }

    @Override
    public void enqueue(RunId runId) {
        group.add(Map.of("run_id", runId.toString()), "queueing a run");
    }

    @Override
    public List<Delivery> receive(String consumer, int max, Duration wait) {
        return group.call("reading runs", () -> deliveries(group.readNew(consumer, max, wait, "reading runs")));
    }

    @Override
    public List<Delivery> reclaim(String consumer, Duration minIdle, int max) {
        return group.call("reclaiming runs", () -> deliveries(group.autoClaim(consumer, minIdle, max)));
    }

    @Override
    public void ack(Delivery delivery) {
        group.done(delivery.id(), "acknowledging a run");
    }

    @Override
    public long depth() {
        return group.call("measuring the queue", () -> (long) group.stream().size());
    }

    @Override
    public Optional<Instant> oldest() {
        return group.call(
                "measuring the queue",
                () -> group.stream().range(1, StreamMessageId.MIN, StreamMessageId.MAX).keySet().stream()
                        .findFirst()
                        .map(id -> Instant.ofEpochMilli(id.getId0())));
    }

    private List<Delivery> deliveries(Map<StreamMessageId, Map<String, String>> messages) {
        List<Delivery> out = new ArrayList<>();
        messages.forEach((id, fields) -> {
            try {
                out.add(new Delivery(id.toString(), RunId.of(fields.get("run_id"))));
            } catch (RuntimeException e) {
                group.dropMalformed(id);
            }
        });
        return out;
    }
}
