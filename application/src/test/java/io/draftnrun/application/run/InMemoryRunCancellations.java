package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.domain.run.RunId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Cancellation requests shared by the engines of one process, standing for several server instances: a request is
 * delivered at once, on the requesting thread, to every handler registered (each instance's engine). Remembers the
 * requests, for assertions.
 */
public final class InMemoryRunCancellations implements RunCancellations {
    private final List<Consumer<RunId>> handlers = new CopyOnWriteArrayList<>();
    private final List<RunId> requested = new CopyOnWriteArrayList<>();

    @Override
    public void request(RunId runId) {
        requested.add(runId);
        handlers.forEach(handler -> handler.accept(runId));
    }

    @Override
    public void onRequest(Consumer<RunId> handler) {
        handlers.add(handler);
    }

    /** The runs whose cancellation was broadcast, in order. */
    public List<RunId> requested() {
        return List.copyOf(requested);
    }
}
