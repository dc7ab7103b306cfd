package io.draftnrun.application.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IngestionQueue} guarantees; each adapter's test extends it with a fresh, empty queue. */
public abstract class IngestionQueueContract {
    protected IngestionQueue queue;

    /** A new empty queue (for Redis: a stream name of its own). */
    protected abstract IngestionQueue newQueue();

    @BeforeEach
    void fresh() {
        queue = newQueue();
    }

    protected static IngestionJob job() {
        return new IngestionJob(IngestionTaskId.random(), new OrganizationId(UUID.randomUUID()));
    }

    @Test
    void deliversJobsInOrderToOneConsumerEach() {
        IngestionJob first = job();
        IngestionJob second = job();
        queue.enqueue(first);
        queue.enqueue(second);

        List<JobDelivery> a = queue.receive("worker-a", 1, Duration.ofMillis(200));
        List<JobDelivery> b = queue.receive("worker-b", 1, Duration.ofMillis(200));

        assertThat(a).extracting(JobDelivery::job).containsExactly(first);
        assertThat(b).extracting(JobDelivery::job).containsExactly(second);
        assertThat(a.getFirst().deliveryCount()).isEqualTo(1);
        assertThat(queue.receive("worker-c", 1, Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void receiveTakesAtMostMax() {
        for (int i = 0; i < 5; i++) {
            queue.enqueue(job());
        }
        assertThat(queue.receive("w", 2, Duration.ofMillis(200))).hasSize(2);
        assertThat(queue.receive("w", 10, Duration.ofMillis(200))).hasSize(3);
    }

    @Test
    void anUnacknowledgedJobIsReclaimedByAnotherConsumerAfterItsIdleTime() throws InterruptedException {
        IngestionJob job = job();
        queue.enqueue(job);
        JobDelivery first = queue.receive("crashed", 1, Duration.ofMillis(200)).getFirst();

        assertThat(queue.reclaim("rescuer", Duration.ofSeconds(30), 10)).isEmpty();
        assertThat(queue.pendingCount()).isEqualTo(1);

        List<JobDelivery> reclaimed = awaitReclaim("rescuer", Duration.ofMillis(150));
        assertThat(reclaimed).hasSize(1);
        assertThat(reclaimed.getFirst().job()).isEqualTo(job);
        assertThat(reclaimed.getFirst().id()).isEqualTo(first.id());
        assertThat(reclaimed.getFirst().deliveryCount()).isEqualTo(2);
    }

    @Test
    void anAcknowledgedJobIsNeverDeliveredAgain() throws InterruptedException {
        queue.enqueue(job());
        JobDelivery delivery = queue.receive("w", 1, Duration.ofMillis(200)).getFirst();
        queue.ack(delivery);

        assertThat(queue.pendingCount()).isZero();
        // with no idle time required, an unacknowledged delivery would come back at once: an acknowledged one may not
        assertThat(queue.reclaim("other", Duration.ZERO, 10)).isEmpty();
        assertThat(queue.receive("other", 1, Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void extendingADeliveryKeepsItFromBeingReclaimed() throws InterruptedException {
        queue.enqueue(job());
        JobDelivery delivery = queue.receive("busy", 1, Duration.ofMillis(200)).getFirst();
        long until = System.nanoTime() + 400_000_000L;
        while (System.nanoTime() < until) {
            queue.extend("busy", delivery);
            assertThat(queue.reclaim("thief", Duration.ofMillis(200), 10)).isEmpty();
            Thread.sleep(50);
        }
    }

    @Test
    void receiveWaitsForAJobEnqueuedMeanwhile() {
        IngestionJob job = job();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            queue.enqueue(job);
        });
        assertThat(queue.receive("w", 1, Duration.ofSeconds(5)))
                .extracting(JobDelivery::job)
                .containsExactly(job);
    }

    private List<JobDelivery> awaitReclaim(String consumer, Duration idle) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> queue.reclaim(consumer, idle, 10), got -> !got.isEmpty());
    }
}
