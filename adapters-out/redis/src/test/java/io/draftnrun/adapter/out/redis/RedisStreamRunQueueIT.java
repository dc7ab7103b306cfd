package io.draftnrun.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** The run queue against a real Redis: delivered once, taken over from a silent consumer, gone once acknowledged. */
class RedisStreamRunQueueIT {
    private static RedisServer server;
    private static RedisConnection connection;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new RedisServer(port);
        server.start();
        connection = new RedisConnection("127.0.0.1", port, "");
    }

    @AfterAll
    static void stop() throws Exception {
        connection.close();
        server.stop();
    }

    @Test
    void aQueuedRunIsDeliveredOnceTakenOverWhenItsConsumerIsSilentAndGoneOnceAcknowledged() throws Exception {
        RunQueue queue = new RedisStreamRunQueue(connection.client(), "test_runs_" + UUID.randomUUID());
        RunId first = RunId.random();
        RunId second = RunId.random();
        Instant before = Instant.now().minusSeconds(1);
        queue.enqueue(first);
        queue.enqueue(second);
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(queue.oldest()).hasValueSatisfying(t -> assertThat(t).isAfter(before));

        List<RunQueue.Delivery> taken = queue.receive("a", 1, Duration.ofMillis(200));
        assertThat(taken).extracting(RunQueue.Delivery::runId).containsExactly(first);
        assertThat(queue.receive("b", 5, Duration.ofMillis(200)))
                .extracting(RunQueue.Delivery::runId)
                .containsExactly(second);
        assertThat(queue.receive("b", 5, Duration.ofMillis(100))).isEmpty();

        // "a" died before acknowledging: "b" takes its entry over once it has been idle long enough
        assertThat(queue.reclaim("b", Duration.ofMinutes(1), 5)).isEmpty();
        List<RunQueue.Delivery> reclaimed = queue.reclaim("b", Duration.ZERO, 5);
        assertThat(reclaimed).extracting(RunQueue.Delivery::runId).contains(first);
        reclaimed.forEach(queue::ack);
        queue.receive("b", 5, Duration.ofMillis(50)).forEach(queue::ack);
        assertThat(queue.depth()).isZero();
        assertThat(queue.oldest()).isEmpty();
    }

    @Test
    void aRedisThatCannotBeReachedIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer own = new RedisServer(port);
        own.start();
        try (RedisConnection client = new RedisConnection("127.0.0.1", port, "")) {
            RunQueue queue = new RedisStreamRunQueue(client.client(), "test_runs_" + UUID.randomUUID());
            own.stop();
            assertThatThrownBy(() -> queue.enqueue(RunId.random()))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        } finally {
            own.stop();
        }
    }
}
