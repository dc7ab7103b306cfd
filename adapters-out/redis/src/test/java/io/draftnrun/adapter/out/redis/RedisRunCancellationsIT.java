package io.draftnrun.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.domain.run.RunId;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Cancellation requests between two server instances sharing a real Redis, each with its own Redisson client. */
class RedisRunCancellationsIT {
    private static RedisServer server;
    private static RedisConnection first;
    private static RedisConnection second;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true)
                .build();
        server.start();
        first = new RedisConnection("127.0.0.1", port, "");
        second = new RedisConnection("127.0.0.1", port, "");
    }

    @AfterAll
    static void stop() throws Exception {
        first.close();
        second.close();
        server.stop();
    }

    @Test
    void theInstanceHoldingTheRunCancelsItAndSaysSoTheRecordedOneSaysItDoesNotHoldItAndSilenceIsNoAnswer()
            throws Exception {
        BlockingQueue<RunId> onFirst = new LinkedBlockingQueue<>();
        BlockingQueue<RunId> onSecond = new LinkedBlockingQueue<>();
        InstanceId firstId = InstanceId.random();
        InstanceId secondId = InstanceId.random();
        RunId held = RunId.random();
        try (RedisRunCancellations a = new RedisRunCancellations(first.client());
                RedisRunCancellations b = new RedisRunCancellations(second.client())) {
            a.onRequest(firstId, id -> onFirst.add(id) && false);
            b.onRequest(secondId, id -> onSecond.add(id) && id.equals(held));

            assertThat(a.request(held, Optional.of(secondId), Duration.ofSeconds(5)))
                    .isEqualTo(RunCancellations.Answer.CANCELLED);
            assertThat(onSecond.poll(5, TimeUnit.SECONDS)).isEqualTo(held);
            assertThat(onFirst.poll(5, TimeUnit.SECONDS))
                    .as("the requesting instance too")
                    .isEqualTo(held);

            RunId finished = RunId.random();
            assertThat(a.request(finished, Optional.of(secondId), Duration.ofSeconds(5)))
                    .isEqualTo(RunCancellations.Answer.NOT_HELD);
            assertThat(a.request(RunId.random(), Optional.of(InstanceId.random()), Duration.ofMillis(500)))
                    .as("the instance it is recorded on is gone")
                    .isEqualTo(RunCancellations.Answer.NO_ANSWER);
        }
    }

    @Test
    void aFailingHandlerDoesNotStopLaterRequests() throws Exception {
        BlockingQueue<RunId> received = new LinkedBlockingQueue<>();
        try (RedisRunCancellations a = new RedisRunCancellations(first.client());
                RedisRunCancellations b = new RedisRunCancellations(second.client())) {
            RunId one = RunId.random();
            RunId two = RunId.random();
            b.onRequest(InstanceId.random(), id -> {
                received.add(id);
                if (id.equals(one)) {
                    throw new IllegalStateException("boom");
                }
                return true;
            });
            assertThat(a.request(one, Optional.empty(), Duration.ofMillis(300)))
                    .isEqualTo(RunCancellations.Answer.NO_ANSWER);
            assertThat(a.request(two, Optional.empty(), Duration.ofSeconds(5)))
                    .isEqualTo(RunCancellations.Answer.CANCELLED);
            assertThat(received).containsExactly(one, two);
        }
    }

    @Test
    void closingStopsListening() throws Exception {
        long before = first.client().getTopic(RedisRunCancellations.CHANNEL).countSubscribers();
        RedisRunCancellations b = new RedisRunCancellations(second.client());
        assertThat(first.client().getTopic(RedisRunCancellations.CHANNEL).countSubscribers())
                .isEqualTo(before + 1);
        b.close();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(first.client()
                                .getTopic(RedisRunCancellations.CHANNEL)
                                .countSubscribers())
                        .isEqualTo(before));
    }
}
