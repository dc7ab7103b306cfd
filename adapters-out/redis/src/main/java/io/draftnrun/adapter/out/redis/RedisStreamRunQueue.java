package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.redisson.api.AutoClaimResult;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
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

    private final RStream<String, String> stream;
    private final String name;

    public RedisStreamRunQueue(RedissonClient client, String streamName) {
        this.name = streamName;
        this.stream = client.getStream(streamName, StringCodec.INSTANCE);
        try {
            stream.createGroup(
                    StreamCreateGroupArgs.name(GROUP).id(StreamMessageId.ALL).makeStream());
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw unavailable("creating the consumer group", e);
            }
        }
        LOG.info("run queue on Redis stream {} (group {})", streamName, GROUP);
    }

    @Override
    public void enqueue(RunId runId) {
        try {
            stream.add(StreamAddArgs.entries(Map.of("run_id", runId.toString())));
        } catch (RedisException e) {
            throw unavailable("queueing a run", e);
        }
    }

    @Override
    public List<Delivery> receive(String consumer, int max, Duration wait) {
        Map<StreamMessageId, Map<String, String>> messages;
        try {
            messages = stream.readGroup(
                    GROUP,
                    consumer,
                    StreamReadGroupArgs.neverDelivered().count(max).timeout(wait));
        } catch (RedisException e) {
            throw unavailable("reading runs", e);
        }
        List<Delivery> out = new ArrayList<>();
        if (messages != null) {
            messages.forEach((id, fields) -> toDelivery(id, fields).ifPresent(out::add));
        }
        return out;
    }

    @Override
    public List<Delivery> reclaim(String consumer, Duration minIdle, int max) {
        try {
            AutoClaimResult<String, String> result = stream.autoClaim(
                    GROUP, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, StreamMessageId.MIN, max);
            List<Delivery> out = new ArrayList<>();
            result.getMessages().forEach((id, fields) -> toDelivery(id, fields).ifPresent(out::add));
            return out;
        } catch (RedisException e) {
            throw unavailable("reclaiming runs", e);
        }
    }

    @Override
    public void ack(Delivery delivery) {
        try {
            StreamMessageId id = parse(delivery.id());
            stream.ack(GROUP, id);
            stream.remove(id);
        } catch (RedisException e) {
            throw unavailable("acknowledging a run", e);
        }
    }

    @Override
    public long depth() {
        try {
            return stream.size();
        } catch (RedisException e) {
            throw unavailable("measuring the queue", e);
        }
    }

    @Override
    public Optional<Instant> oldest() {
        try {
            Map<StreamMessageId, Map<String, String>> first = stream.range(1, StreamMessageId.MIN, StreamMessageId.MAX);
            return first.keySet().stream().findFirst().map(id -> Instant.ofEpochMilli(id.getId0()));
        } catch (RedisException e) {
            throw unavailable("measuring the queue", e);
        }
    }

    private Optional<Delivery> toDelivery(StreamMessageId id, Map<String, String> fields) {
        try {
            return Optional.of(new Delivery(id.toString(), RunId.of(fields.get("run_id"))));
        } catch (RuntimeException e) {
            LOG.warn("dropping malformed entry {} of stream {}", id, name);
            stream.ack(GROUP, id);
            stream.remove(id);
            return Optional.empty();
        }
    }

    private static StreamMessageId parse(String id) {
        int dash = id.indexOf('-');
        return new StreamMessageId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    private DomainException unavailable(String what, RuntimeException e) {
        LOG.debug("Redis stream {}: {} failed", name, what, e);
        return new DomainException(ErrorCode.UNAVAILABLE, "the run queue is unavailable (" + what + ")", e);
    }
}
