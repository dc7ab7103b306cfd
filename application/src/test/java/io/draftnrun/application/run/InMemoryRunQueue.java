package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunQueue;
import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The run queue in memory: entries in order, delivered once, pending until acknowledged, reclaimable when idle. */
public final class InMemoryRunQueue implements RunQueue {
    private record Entry(RunId runId, Instant queued) {}

    private record Pending(String consumer, long since) {}

    private final AtomicLong ids = new AtomicLong();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    @Override
    public synchronized void enqueue(RunId runId) {
        entries.put(Long.toString(ids.incrementAndGet()), new Entry(runId, Instant.now()));
        notifyAll();
    }

    @Override
    public synchronized List<Delivery> receive(String consumer, int max, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Delivery> out = new ArrayList<>();
        while (true) {
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                if (out.size() < max && !pending.containsKey(e.getKey())) {
                    pending.put(e.getKey(), new Pending(consumer, System.nanoTime()));
                    out.add(new Delivery(e.getKey(), e.getValue().runId()));
                }
            }
            long left = deadline - System.nanoTime();
            if (!out.isEmpty() || left <= 0) {
                return out;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return out;
            }
        }
    }

    @Override
    public synchronized List<Delivery> reclaim(String consumer, Duration minIdle, int max) {
        List<Delivery> out = new ArrayList<>();
        long now = System.nanoTime();
        for (Map.Entry<String, Pending> p : pending.entrySet()) {
            if (out.size() < max && now - p.getValue().since() >= minIdle.toNanos()) {
                p.setValue(new Pending(consumer, now));
                out.add(new Delivery(p.getKey(), entries.get(p.getKey()).runId()));
            }
        }
        return out;
    }

    @Override
    public synchronized void ack(Delivery delivery) {
        pending.remove(delivery.id());
        entries.remove(delivery.id());
    }

    @Override
    public synchronized long depth() {
        return entries.size();
    }

    @Override
    public synchronized Optional<Instant> oldest() {
        return entries.values().stream().findFirst().map(Entry::queued);
    }
}
