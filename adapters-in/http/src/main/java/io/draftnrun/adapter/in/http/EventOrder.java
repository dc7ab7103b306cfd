package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.run.RunEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts a run's events back in sequence order: nodes emit them on their own threads, so an observer may see event 3
 * before event 2. Holds back an event until those before it came; {@link #rest()} gives what is left at the end (in
 * order, gaps skipped). Used by one thread.
 */
final class EventOrder {
    private final TreeMap<Long, RunEvent> waiting = new TreeMap<>();
    private long next = 1;

    /** The events that may go out now that {@code event} came, in order. */
    List<RunEvent> accept(RunEvent event) {
        waiting.put(event.sequence(), event);
        List<RunEvent> ready = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.firstKey() <= next) {
            RunEvent first = waiting.pollFirstEntry().getValue();
            if (first.sequence() == next) {
                ready.add(first);
                next++;
            }
        }
        return ready;
    }

    List<RunEvent> rest() {
        List<RunEvent> rest = new ArrayList<>(waiting.values());
        waiting.clear();
        return rest;
    }
}
