package io.draftnrun.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.run.RunId;
import java.net.ServerSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
    void aRequestFromOneInstanceReachesTheHandlersOfEveryInstance() throws Exception {
        BlockingQueue<RunId> onFirst = new LinkedBlockingQueue<>();
        BlockingQueue<RunId> onSecond = new LinkedBlockingQueue<>();
        try (RedisRunCancellations a = new RedisRunCancellations(first.client());
                RedisRunCancellations b = new RedisRunCancellations(second.client())) {
            a.onRequest(onFirst::add);
            b.onRequest(onSecond::add);
            RunId run = RunId.random();

            a.request(run);

            assertThat(onSecond.poll(5, TimeUnit.SECONDS)).isEqualTo(run);
            assertThat(onFirst.poll(5, TimeUnit.SECONDS))
                    .as("the requesting instance too")
                    .isEqualTo(run);
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheOthersNorLaterRequests() throws Exception {
        BlockingQueue<RunId> received = new LinkedBlockingQueue<>();
        try (RedisRunCancellations a = new RedisRunCancellations(first.client());
                RedisRunCancellations b = new RedisRunCancellations(second.client())) {
            b.onRequest(id -> {
                throw new IllegalStateException("boom");
            });
            b.onRequest(received::add);
            RunId one = RunId.random();
            RunId two = RunId.random();
            a.request(one);
            a.request(two);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(one);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(two);
        }
    }

    @Test
    void closingStopsListening() throws Exception {
        long before = first.client().getTopic(RedisRunCancellations.CHANNEL).countSubscribers();
        RedisRunCancellations b = new RedisRunCancellations(second.client());
        assertThat(first.client().getTopic(RedisRunCancellations.CHANNEL).countSubscribers())
                .isEqualTo(before + 1);
        b.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (first.client().getTopic(RedisRunCancellations.CHANNEL).countSubscribers() > before
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(first.client().getTopic(RedisRunCancellations.CHANNEL).countSubscribers())
                .isEqualTo(before);
    }
}
