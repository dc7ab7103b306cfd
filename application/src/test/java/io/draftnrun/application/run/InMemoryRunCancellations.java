package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Cancellation requests shared by the engines of one process, standing for several server instances: a request is
 * delivered at once, on the requesting thread, to every instance registered. An instance that stopped
 * ({@link #stop}) answers nothing. Remembers the requests, for assertions.
 */
public final class InMemoryRunCancellations implements RunCancellations {
    private final Map<InstanceId, Predicate<RunId>> handlers = new ConcurrentHashMap<>();
    private final List<RunId> requested = new CopyOnWriteArrayList<>();

    @Override
    public Answer request(RunId runId, Optional<InstanceId> recordedOn, Duration wait) {
        requested.add(runId);
        Answer answer = Answer.NO_ANSWER;
        for (Map.Entry<InstanceId, Predicate<RunId>> e : handlers.entrySet()) {
            if (e.getValue().test(runId)) {
                return Answer.CANCELLED;
            }
            if (recordedOn.filter(e.getKey()::equals).isPresent()) {
                answer = Answer.NOT_HELD;
            }
        }
        return answer;
    }

    @Override
    public void onRequest(InstanceId self, Predicate<RunId> handler) {
        handlers.put(self, handler);
    }

    /** The instance no longer answers (it died). */
    public void stop(InstanceId instance) {
        handlers.remove(instance);
    }

    /** The runs whose cancellation was broadcast, in order. */
    public List<RunId> requested() {
        return List.copyOf(requested);
    }
}
