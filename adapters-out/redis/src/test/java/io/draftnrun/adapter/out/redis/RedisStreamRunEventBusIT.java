package io.draftnrun.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.run.RunEventBusContract;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
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
    void theLastSequenceIsTheLastEventInTheRunsStreamOnAnyInstance() throws Exception {
        RunId run = RunId.random();
        assertThat(subscribing.lastSequence(run)).isZero();
        publishing.publish(token(run, 1));
        publishing.publish(token(run, 2));
        publishing.publish(finished(run, 3));
        Collector collector = new Collector();
        try (var s = subscribing.subscribe(run, collector)) {
            assertThat(collector.awaitFinished()).isTrue();
        }
        assertThat(subscribing.lastSequence(run)).isEqualTo(3);
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
    void anUnwatchedRunIsAppendedInOneScriptAtItsEnd() throws Exception {
        RunId quiet = RunId.random();
        RunId watchedRun = RunId.random();
        Collector live = new Collector();
        try (var s = publishing.subscribe(watchedRun, live)) {
            publishing.publish(token(quiet, 1));
            publishing.publish(token(quiet, 2));
            for (int i = 1; i <= 2; i++) { // the watched run's events prove the linger's ticker ran, twice
                publishing.publish(token(watchedRun, i));
                int seen = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> live.events.size() >= seen);
            }
            publishing.publish(token(quiet, 3));
            assertThat(exists(quiet))
                    .as("nothing of an unwatched run appended before its end")
                    .isFalse();
            publishing.publish(finished(watchedRun, 3));
            assertThat(live.awaitFinished()).isTrue();
        }
        long before = evalShaCalls();
        publishing.publish(finished(quiet, 4));
        Collector collector = new Collector();
        try (var s = subscribing.subscribe(quiet, collector)) {
            assertThat(collector.awaitFinished()).isTrue();
        }
        assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(evalShaCalls() - before).as("scripts run for the whole run").isEqualTo(1);
    }

    @Test
    void aSubscriberOnAnotherInstanceGetsARunningRunsHistoryAtOnceThenLiveEvents() throws Exception {
        RunId run = RunId.random();
        for (int i = 1; i <= 3; i++) {
            publishing.publish(token(run, i));
        }
        assertThat(exists(run)).as("an unwatched run waits for its end").isFalse();
        Collector collector = new Collector();
        try (var s = subscribing.subscribe(run, collector)) {
            await("the history, before the run ends")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> collector.events.size() >= 3);
            publishing.publish(token(run, 4));
            await("a live event, before the run ends")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> collector.events.size() >= 4);
            publishing.publish(finished(run, 5));
            assertThat(collector.awaitFinished()).isTrue();
        }
        assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aWatchFlushesWhatIsQueuedAtOnceWithoutWaitingForTheLinger() throws Exception {
        RunId run = RunId.random();
        try (RedisStreamRunEventBus slow =
                new RedisStreamRunEventBus(first.client(), 10_000, Duration.ofMinutes(5), Duration.ofHours(1))) {
            for (int i = 1; i <= 5; i++) {
                slow.publish(token(run, i));
            }
            assertThat(exists(run))
                    .as("nothing appended while the run is unwatched")
                    .isFalse();
            Collector collector = new Collector();
            try (var s = subscribing.subscribe(run, collector)) {
                await("the queued events, long before the linger")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> collector.events.size() >= 5);
                slow.publish(finished(run, 6)); // the run's end sends everything at once
                assertThat(collector.awaitFinished()).isTrue();
            }
            assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void aRunWatchedFromAnotherInstanceBeforeItsFirstEventIsLiveFromTheStart() throws Exception {
        RunId run = RunId.random();
        Collector collector = new Collector();
        try (var s = subscribing.subscribe(run, collector)) {
            await("the watch reaches the publishing instance")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> publishing.remembersWatch(run));
            publishing.publish(token(run, 1));
            assertThat(publishing.publishesLive(run)).isTrue();
            publishing.publish(token(run, 2));
            await("live events after the linger, before the run ends")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> collector.events.size() >= 2);
            assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L);
            publishing.publish(finished(run, 3));
            assertThat(collector.awaitFinished()).isTrue();
        }
        assertThat(collector.events).extracting(RunEvent::sequence).containsExactly(1L, 2L, 3L);
    }

    private static boolean exists(RunId run) {
        return first.client().getKeys().countExists("run-events:" + run) > 0;
    }

    /** How many EVALSHA Redis has run so far (INFO commandstats). */
    private static long evalShaCalls() {
        String stats = first.client()
                .getRedisNodes(RedisNodes.SINGLE)
                .getInstance()
                .info(RedisNode.InfoSection.COMMANDSTATS)
                .getOrDefault("cmdstat_evalsha", "calls=0");
        Matcher calls = Pattern.compile("calls=(\\d+)").matcher(stats);
        assertThat(calls.find()).isTrue();
        return Long.parseLong(calls.group(1));
    }
}
