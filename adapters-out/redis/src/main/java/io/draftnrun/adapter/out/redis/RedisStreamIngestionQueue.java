package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.knowledge.IngestionJob;
import io.draftnrun.application.knowledge.JobDelivery;
import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.redisson.api.PendingEntry;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
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

    private final StreamConsumerGroup group;

    public RedisStreamIngestionQueue(RedissonClient client, String streamName) {
        this.group = new StreamConsumerGroup(client, streamName, GROUP, "the ingestion queue");
        LOG.info("ingestion queue on Redis stream {} (group {})", streamName, GROUP);
    }

    @Override
    public void enqueue(IngestionJob job) {
        group.add(
                Map.of(
                        "task_id",
                        job.taskId().toString(),
                        "organization_id",
                        job.organizationId().toString()),
                "queueing a job");
    }

    @Override
    public List<JobDelivery> receive(String consumer, int max, Duration wait) {
        return group.call(
                "reading jobs", () -> deliveries(group.readNew(consumer, max, wait, "reading jobs"), id -> 1));
    }

    @Override
    public List<JobDelivery> reclaim(String consumer, Duration minIdle, int max) {
        return group.call(
                "reclaiming jobs",
                () -> deliveries(
                        group.autoClaim(consumer, minIdle, max),
                        id -> group.stream().listPending(GROUP, id, id, 1).stream()
                                .findFirst()
                                .map(PendingEntry::getLastTimeDelivered)
                                .orElse(2L)));
    }

    @Override
    public void extend(String consumer, JobDelivery delivery) {
        group.call(
                "extending a job",
                () -> group.stream()
                        .fastClaim(
                                GROUP, consumer, 0, TimeUnit.MILLISECONDS, StreamConsumerGroup.parse(delivery.id())));
    }

    @Override
    public void ack(JobDelivery delivery) {
        group.done(delivery.id(), "acknowledging a job");
    }

    @Override
    public long pendingCount() {
        return group.call(
                "counting pending jobs",
                () -> group.stream().getPendingInfo(GROUP).getTotal());
    }

    /** Entries in the stream: jobs waiting plus jobs delivered and not acknowledged. */
    public long size() {
        return group.stream().size();
    }

    /** The jobs of the entries, each with how many times it was delivered; malformed entries are dropped. */
    private List<JobDelivery> deliveries(
            Map<StreamMessageId, Map<String, String>> messages, ToLongFunction<StreamMessageId> deliveryCount) {
        List<JobDelivery> out = new ArrayList<>();
        messages.forEach((id, fields) -> {
            IngestionJob job;
            try {
                job = new IngestionJob(
                        new IngestionTaskId(UUID.fromString(fields.get("task_id"))),
                        new OrganizationId(UUID.fromString(fields.get("organization_id"))));
            } catch (RuntimeException e) {
                group.dropMalformed(id);
                return;
            }
            out.add(new JobDelivery(id.toString(), job, deliveryCount.applyAsLong(id)));
        });
        return out;
    }
}
