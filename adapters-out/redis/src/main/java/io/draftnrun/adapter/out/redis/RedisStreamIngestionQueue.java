package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.knowledge.IngestionJob;
import io.draftnrun.application.knowledge.JobDelivery;
import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.redisson.api.AutoClaimResult;
import org.redisson.api.PendingEntry;
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
 * The ingestion queue on a Redis stream ({@code REDIS_QUEUE_NAME}, default {@code ada_ingestion_queue}) read through
 * the consumer group {@code ingestion_workers}: XADD to queue, XREADGROUP for new jobs, XACK then XDEL once the work
 * is committed, XAUTOCLAIM to take over jobs idle for too long (a dead worker), XCLAIM to oneself to keep a running
 * job's idle time low. Entries carry {@code task_id} and {@code organization_id}.
 */
public final class RedisStreamIngestionQueue implements IngestionQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamIngestionQueue.class);
    public static final String DEFAULT_STREAM = "ada_ingestion_queue";
    public static final String GROUP = "ingestion_workers";

    private final RStream<String, String> stream;
    private final String name;

    public RedisStreamIngestionQueue(RedissonClient client, String streamName) {
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
        LOG.info("ingestion queue on Redis stream {} (group {})", streamName, GROUP);
    }

    @Override
    public void enqueue(IngestionJob job) {
        try {
            stream.add(StreamAddArgs.entries(Map.of(
                    "task_id", job.taskId().toString(),
                    "organization_id", job.organizationId().toString())));
        } catch (RedisException e) {
            throw unavailable("queueing a job", e);
        }
    }

    @Override
    public List<JobDelivery> receive(String consumer, int max, Duration wait) {
        Map<StreamMessageId, Map<String, String>> messages;
        try {
            messages = stream.readGroup(
                    GROUP,
                    consumer,
                    StreamReadGroupArgs.neverDelivered().count(max).timeout(wait));
        } catch (RedisException e) {
            throw unavailable("reading jobs", e);
        }
        List<JobDelivery> out = new ArrayList<>();
        if (messages != null) {
            messages.forEach((id, fields) -> toDelivery(id, fields, 1).ifPresent(out::add));
        }
        return out;
    }

    @Override
    public List<JobDelivery> reclaim(String consumer, Duration minIdle, int max) {
        try {
            AutoClaimResult<String, String> result = stream.autoClaim(
                    GROUP, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, StreamMessageId.MIN, max);
            List<JobDelivery> out = new ArrayList<>();
            result.getMessages().forEach((id, fields) -> {
                long count = stream.listPending(GROUP, id, id, 1).stream()
                        .findFirst()
                        .map(PendingEntry::getLastTimeDelivered)
                        .orElse(2L);
                toDelivery(id, fields, count).ifPresent(out::add);
            });
            return out;
        } catch (RedisException e) {
            throw unavailable("reclaiming jobs", e);
        }
    }

    @Override
    public void extend(String consumer, JobDelivery delivery) {
        try {
            stream.fastClaim(GROUP, consumer, 0, TimeUnit.MILLISECONDS, parse(delivery.id()));
        } catch (RedisException e) {
            throw unavailable("extending a job", e);
        }
    }

    @Override
    public void ack(JobDelivery delivery) {
        try {
            StreamMessageId id = parse(delivery.id());
            stream.ack(GROUP, id);
            stream.remove(id);
        } catch (RedisException e) {
            throw unavailable("acknowledging a job", e);
        }
    }

    @Override
    public long pendingCount() {
        try {
            return stream.getPendingInfo(GROUP).getTotal();
        } catch (RedisException e) {
            throw unavailable("counting pending jobs", e);
        }
    }

    /** Entries in the stream: jobs waiting plus jobs delivered and not acknowledged. */
    public long size() {
        return stream.size();
    }

    private java.util.Optional<JobDelivery> toDelivery(StreamMessageId id, Map<String, String> fields, long count) {
        try {
            IngestionJob job = new IngestionJob(
                    new IngestionTaskId(UUID.fromString(fields.get("task_id"))),
                    new OrganizationId(UUID.fromString(fields.get("organization_id"))));
            return java.util.Optional.of(new JobDelivery(id.toString(), job, count));
        } catch (RuntimeException e) {
            LOG.warn("dropping malformed entry {} of stream {}", id, name);
            stream.ack(GROUP, id);
            stream.remove(id);
            return java.util.Optional.empty();
        }
    }

    private static StreamMessageId parse(String id) {
        int dash = id.indexOf('-');
        return new StreamMessageId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    private DomainException unavailable(String what, RuntimeException e) {
        LOG.debug("Redis stream {}: {} failed", name, what, e);
        return new DomainException(ErrorCode.UNAVAILABLE, "the ingestion queue is unavailable (" + what + ")", e);
    }
}
