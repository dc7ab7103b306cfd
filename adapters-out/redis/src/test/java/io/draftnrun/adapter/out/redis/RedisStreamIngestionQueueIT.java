package io.draftnrun.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.knowledge.IngestionQueueContract;
import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The queue contract against a real Redis (embedded-redis 6.2), plus pub/sub task updates. */
class RedisStreamIngestionQueueIT extends IngestionQueueContract {
    private static RedisServer server;
    private static RedisConnection connection;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new RedisServer(port);
        server.start();
        connection = new RedisConnection("127.0.0.1", port, "");
    }

    @AfterAll
    static void stop() throws IOException {
        connection.close();
        server.stop();
    }

    @Override
    protected IngestionQueue newQueue() {
        return new RedisStreamIngestionQueue(connection.client(), "test_queue_" + UUID.randomUUID());
    }

    @Test
    void anAcknowledgedJobLeavesTheStream() {
        RedisStreamIngestionQueue q = (RedisStreamIngestionQueue) queue;
        q.enqueue(job());
        q.ack(q.receive("w", 1, Duration.ofMillis(200)).getFirst());
        assertThat(q.size()).isZero();
    }

    @Test
    void taskUpdatesReachSubscribersOfTheirOrganizationOnly() {
        RedisIngestionUpdates updates = new RedisIngestionUpdates(connection.client(), "test_updates");
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        OrganizationId other = new OrganizationId(UUID.randomUUID());
        List<IngestionTaskId> heard = new CopyOnWriteArrayList<>();
        var subscription = updates.subscribe(org, heard::add);
        IngestionTaskId task = IngestionTaskId.random();

        updates.publish(other, IngestionTaskId.random());
        updates.publish(org, task);

        await("the update arrives").atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
        assertThat(heard).containsExactly(task);
        subscription.close();
    }
}
