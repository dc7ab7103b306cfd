package io.draftnrun.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.run.RunEventBusContract;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * The run-event bus contract on a real Redis, publishing through one connection and subscribing through another:
 * two server instances sharing Redis.
 */
class RedisStreamRunEventBusIT extends RunEventBusContract {
    private static RedisServer server;
    private static RedisConnection first;
    private static RedisConnection second;
    private static RedisStreamRunEventBus publishing;
    private static RedisStreamRunEventBus subscribing;

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
        publishing = new RedisStreamRunEventBus(first.client(), 10_000, Duration.ofMinutes(5));
        subscribing = new RedisStreamRunEventBus(second.client(), 10_000, Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() throws Exception {
        publishing.close();
        subscribing.close();
        first.close();
        second.close();
        server.stop();
    }

    @Override
    protected RunEventBus publisher() {
        return publishing;
    }

    @Override
    protected RunEventBus subscriber() {
        return subscribing;
    }

    @Test
    void aFinishedRunsEventsExpire() throws Exception {
        RunId run = RunId.random();
        publishing.publish(token(run, 1));
        publishing.publish(finished(run, 2));
        Collector collector = new Collector();
        try (var s = subscribing.subscribe(run, collector)) {
            assertThat(collector.awaitFinished()).isTrue();
        }
        long ttl = first.client().getKeys().remainTimeToLive("run-events:" + run);
        assertThat(ttl).isBetween(1L, Duration.ofMinutes(5).toMillis());
        assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L);
    }

    @Test
    void aRunsEventsWaitForTheLingerOrItsEndAndGoTogether() throws Exception {
        RunId run = RunId.random();
        try (RedisStreamRunEventBus slow =
                new RedisStreamRunEventBus(first.client(), 10_000, Duration.ofMinutes(5), Duration.ofHours(1))) {
            for (int i = 1; i <= 5; i++) {
                slow.publish(token(run, i));
            }
            assertThat(first.client().getKeys().countExists("run-events:" + run))
                    .as("nothing appended while the run's events linger")
                    .isZero();
            slow.publish(finished(run, 6)); // the run's end sends everything at once
            Collector collector = new Collector();
            try (var s = subscribing.subscribe(run, collector)) {
                assertThat(collector.awaitFinished()).isTrue();
            }
            assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void liveEventsOfALongRunArriveAfterTheLingerWithoutWaitingForItsEnd() throws Exception {
        RunId run = RunId.random();
        Collector collector = new Collector();
        try (var s = subscribing.subscribe(run, collector)) {
            publishing.publish(token(run, 1));
            publishing.publish(token(run, 2));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (collector.events.size() < 2 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition
            }
            assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L);
            publishing.publish(finished(run, 3));
            assertThat(collector.awaitFinished()).isTrue();
        }
    }
}
