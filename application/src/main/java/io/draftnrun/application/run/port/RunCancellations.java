package io.draftnrun.application.run.port;

import io.draftnrun.application.run.InstanceId;
import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Carries requests to cancel a run to every server instance, the requesting one included, and brings back the answer
 * of the one concerned: a run executes on one instance while a cancellation may arrive at any. The instance holding
 * the run cancels it and answers {@link Answer#CANCELLED}; the instance the run is recorded on answers
 * {@link Answer#NOT_HELD} when it does not hold it (it finished, or was never started there); nobody answering in time
 * gives {@link Answer#NO_ANSWER} (the instance is gone, or unreachable). Delivery is at most once.
 */
public interface RunCancellations {
    /** What came back from a request. */
    enum Answer {
        CANCELLED,
        NOT_HELD,
        NO_ANSWER
    }

    /**
     * Asks every instance listening now to cancel the run, and waits at most {@code wait} for the answer of the one
     * holding it or of {@code recordedOn} (the instance the run is recorded on, if known).
     */
    Answer request(RunId runId, Optional<InstanceId> recordedOn, Duration wait);

    /**
     * Registers this instance ({@code self}) for the requests any instance sends from now on: {@code handler} cancels
     * the run if it holds it and says so; it is called on a thread of the carrier and must be quick (e.g.
     * {@code RunEngine::cancel}).
     */
    void onRequest(InstanceId self, Predicate<RunId> handler);
}
