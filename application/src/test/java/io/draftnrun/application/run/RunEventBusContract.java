package io.draftnrun.application.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every run-event bus guarantees: a subscriber, whenever it arrives, receives every event of the run from the
 * first, then live ones, in order, without gap or duplicate. Subclasses give a publishing bus and a subscribing bus
 * (the same one, or another instance sharing the backend).
 */
public abstract class RunEventBusContract {
    protected abstract RunEventBus publisher();

    /** A bus on which to subscribe: another "server instance" when the adapter supports it. */
    protected abstract RunEventBus subscriber();

    public static final class Collector implements RunEventBus.Listener {
        public final List<RunEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch finished = new CountDownLatch(1);

        public Collector() {}

        @Override
        public void onEvent(RunEvent event) {
            events.add(event);
            if (event instanceof RunEvent.RunFinished) {
                finished.countDown();
            }
        }

        public boolean awaitFinished() throws InterruptedException {
            return finished.await(10, TimeUnit.SECONDS);
        }
    }

    protected static RunEvent token(RunId run, long seq) {
        return new RunEvent.TokenDelta(run, seq, Instant.now(), new NodeId(UUID.randomUUID()), "t" + seq);
    }

    protected static RunEvent finished(RunId run, long seq) {
        return new RunEvent.RunFinished(run, seq, Instant.now(), RunStatus.SUCCEEDED, "done", Optional.empty());
    }

    @Test
    void aLateSubscriberGetsTheHistoryThenLiveEventsWithoutGapOrDuplicate() throws Exception {
        RunId run = RunId.random();
        for (long i = 1; i <= 50; i++) {
            publisher().publish(token(run, i));
        }
        Collector collector = new Collector();
        try (RunEventBus.Subscription s = subscriber().subscribe(run, collector)) {
            Thread publishing = Thread.ofVirtual().start(() -> {
                for (long i = 51; i <= 200; i++) {
                    publisher().publish(token(run, i));
                }
                publisher().publish(finished(run, 201));
            });
            assertThat(collector.awaitFinished()).isTrue();
            publishing.join(Duration.ofSeconds(5));
        }
        assertThat(collector.events)
                .extracting(RunEvent::sequence)
                .containsExactly(
                        java.util.stream.LongStream.rangeClosed(1, 201).boxed().toArray(Long[]::new));
        assertThat(collector.events.getLast()).isInstanceOf(RunEvent.RunFinished.class);
    }

    @Test
    void aSubscriberAfterTheEndGetsTheWholeRun() throws Exception {
        RunId run = RunId.random();
        publisher().publish(token(run, 1));
        publisher().publish(finished(run, 2));
        Collector collector = new Collector();
        try (RunEventBus.Subscription s = subscriber().subscribe(run, collector)) {
            assertThat(collector.awaitFinished()).isTrue();
        }
        assertThat(collector.events).extracting(RunEvent::type).containsExactly("TOKEN_DELTA", "RUN_FINISHED");
    }

    @Test
    void runsDoNotMix() throws Exception {
        RunId a = RunId.random();
        RunId b = RunId.random();
        publisher().publish(token(b, 1));
        publisher().publish(token(a, 1));
        publisher().publish(finished(a, 2));
        Collector collector = new Collector();
        try (RunEventBus.Subscription s = subscriber().subscribe(a, collector)) {
            assertThat(collector.awaitFinished()).isTrue();
        }
        assertThat(collector.events).allMatch(e -> e.runId().equals(a)).hasSize(2);
    }
}
