package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.UUID;
import java.util.function.Consumer;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task change announcements over Redis pub/sub, one channel per organization ({@code <prefix>:<organization id>}),
 * so every API process hears what any worker did. The message is the task id.
 */
public final class RedisIngestionUpdates implements IngestionUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(RedisIngestionUpdates.class);
    private final RedissonClient client;
    private final String prefix;

    public RedisIngestionUpdates(RedissonClient client, String prefix) {
        this.client = client;
        this.prefix = prefix;
    }

    private RTopic topic(OrganizationId organization) {
        return client.getTopic(prefix + ":" + organization, StringCodec.INSTANCE);
    }

    @Override
    public void publish(OrganizationId organization, IngestionTaskId task) {
        topic(organization).publishAsync(task.toString());
    }

    @Override
    public Subscription subscribe(OrganizationId organization, Consumer<IngestionTaskId> listener) {
        RTopic topic = topic(organization);
        int id = topic.addListener(String.class, (channel, message) -> {
            try {
                listener.accept(new IngestionTaskId(UUID.fromString(message)));
            } catch (RuntimeException e) {
                LOG.debug("ingestion update listener failed: {}", e.getMessage());
            }
        });
        return () -> topic.removeListener(id);
    }
}
