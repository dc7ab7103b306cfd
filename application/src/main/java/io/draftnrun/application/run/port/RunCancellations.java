package io.draftnrun.application.run.port;

import io.draftnrun.domain.run.RunId;
import java.util.function.Consumer;

/**
 * Carries requests to cancel a run to every server instance, the requesting one included: a run executes on the
 * instance that started it, while a cancellation may arrive at any instance. A request is a broadcast, not a call:
 * nothing says whether an instance held the run (the one that does cancels it, the others ignore it), and delivery is
 * at most once (a request sent while an instance is disconnected from the carrier is lost for it).
 */
public interface RunCancellations {
    /** Asks every instance listening now to cancel the run; returns once the request is sent, not acted upon. */
    void request(RunId runId);

    /**
     * Calls {@code handler} with the id of every run whose cancellation any instance requests from now on, on a thread
     * of the carrier: the handler must be quick (e.g. {@code RunEngine::cancel}) and ignore runs it does not hold.
     */
    void onRequest(Consumer<RunId> handler);
}
