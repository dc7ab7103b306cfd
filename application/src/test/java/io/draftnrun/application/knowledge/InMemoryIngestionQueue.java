package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory {@link IngestionQueue} with the semantics of a Redis stream consumer group (pending entries, idle). */
public final class InMemoryIngestionQueue implements IngestionQueue {
    private final Deque<Map.Entry<String, IngestionJob>> fresh = new ArrayDeque<>();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private static final class Pending {
        final IngestionJob job;
        String consumer;
        long deliveredAt;
        long count;

        Pending(IngestionJob job, String consumer) {
            this.job = job;
            this.consumer = consumer;
            this.deliveredAt = System.nanoTime();
            this.count = 1;
        }
    }

    @Override
    public synchronized void enqueue(IngestionJob job) {
        fresh.addLast(Map.entry(Long.toString(ids.incrementAndGet()), job));
        notifyAll();
    }

    @Override
    public synchronized List<JobDelivery> receive(String consumer, int max, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (fresh.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        List<JobDelivery> out = new ArrayList<>();
        while (!fresh.isEmpty() && out.size() < max) {
            var entry = fresh.removeFirst();
            pending.put(entry.getKey(), new Pending(entry.getValue(), consumer));
            out.add(new JobDelivery(entry.getKey(), entry.getValue(), 1));
        }
        return out;
    }

    @Override
    public synchronized List<JobDelivery> reclaim(String consumer, Duration minIdle, int max) {
        List<JobDelivery> out = new ArrayList<>();
        long now = System.nanoTime();
        for (var entry : pending.entrySet()) {
            Pending p = entry.getValue();
            if (out.size() < max && now - p.deliveredAt >= minIdle.toNanos()) {
                p.consumer = consumer;
                p.deliveredAt = now;
                p.count++;
                out.add(new JobDelivery(entry.getKey(), p.job, p.count));
            }
        }
        return out;
    }

    @Override
    public synchronized void extend(String consumer, JobDelivery delivery) {
        Pending p = pending.get(delivery.id());
        if (p != null) {
            p.consumer = consumer;
            p.deliveredAt = System.nanoTime();
        }
    }

    @Override
    public synchronized void ack(JobDelivery delivery) {
        pending.remove(delivery.id());
    }

    @Override
    public synchronized long pendingCount() {
        return pending.size();
    }

    /** Jobs never delivered yet. */
    public synchronized int waitingCount() {
        return fresh.size();
    }
}
