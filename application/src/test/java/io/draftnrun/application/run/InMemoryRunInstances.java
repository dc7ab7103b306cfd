package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunInstances;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Instances and their last beats in memory, on a clock the test may move. */
public final class InMemoryRunInstances implements RunInstances {
    private record Entry(String host, String process, Instant beat) {}

    private final Map<InstanceId, Entry> instances = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryRunInstances() {
        this(Clock.systemUTC());
    }

    public InMemoryRunInstances(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void register(InstanceId id, String host, String process) {
        instances.put(id, new Entry(host, process, clock.instant()));
    }

    @Override
    public boolean beat(InstanceId id) {
        return instances.computeIfPresent(id, (k, e) -> new Entry(e.host(), e.process(), clock.instant())) != null;
    }

    @Override
    public void deregister(InstanceId id) {
        instances.remove(id);
    }

    @Override
    public boolean alive(InstanceId id, Duration silence) {
        Entry e = instances.get(id);
        return e != null && e.beat().isAfter(clock.instant().minus(silence));
    }

    @Override
    public int forgetGone(String host, Predicate<String> gone) {
        int before = instances.size();
        instances
                .entrySet()
                .removeIf(e -> e.getValue().host().equals(host)
                        && gone.test(e.getValue().process()));
        return before - instances.size();
    }

    /** Forgets an instance as if it had died long ago (a crash). */
    public void kill(InstanceId id) {
        instances.remove(id);
    }
}
