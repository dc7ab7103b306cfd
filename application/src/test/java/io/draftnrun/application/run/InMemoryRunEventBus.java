package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The run-event bus of one process: each run keeps its history; a subscriber gets the history then live events
 * (delivered on the publisher's thread, under the run's lock, so no gap and no duplicate).
 */
public final class InMemoryRunEventBus implements RunEventBus {
    private final Map<RunId, Stream> streams = new ConcurrentHashMap<>();

    private static final class Stream {
        final List<RunEvent> history = new ArrayList<>();
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
    }

    @Override
    public void publish(RunEvent event) {
        Stream stream = streams.computeIfAbsent(event.runId(), k -> new Stream());
        synchronized (stream) {
            stream.history.add(event);
            for (Listener l : stream.listeners) {
                l.onEvent(event);
            }
        }
    }

    @Override
    public long lastSequence(RunId runId) {
        List<RunEvent> history = history(runId);
        return history.isEmpty() ? 0 : history.getLast().sequence();
    }

    @Override
    public Subscription subscribe(RunId runId, Listener listener) {
        Stream stream = streams.computeIfAbsent(runId, k -> new Stream());
        synchronized (stream) {
            stream.history.forEach(listener::onEvent);
            stream.listeners.add(listener);
        }
        return () -> stream.listeners.remove(listener);
    }

    public List<RunEvent> history(RunId runId) {
        Stream stream = streams.get(runId);
        if (stream == null) {
            return List.of();
        }
        synchronized (stream) {
            return List.copyOf(stream.history);
        }
    }
}
