package io.draftnrun.application.shared;

import io.draftnrun.application.shared.port.DataChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers of a look-up kept in memory while a feed of data changes ({@code DataChanges}) is live, forgotten as soon as
 * it announces a change to them. Only answers read entirely while the feed was live and while no change was announced
 * are kept: a read that overlaps a change (it may have seen the data before it) is returned but not kept, so a change
 * committed before its announcement is never hidden for longer than the announcement takes. Entries also expire after
 * {@code keepFor}, a bound on what a change the feed failed to see could cost; past {@code maxEntries} the cache starts
 * again empty (a cheap, rare reset).
 */
public final class ChangeAwareCache<K, V> {
    private record Entry<V>(V value, Instant readAt) {}

    private final Clock clock;
    private final Duration keepFor;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Bumped by every forgetting and every change of liveness: a read that saw it change keeps nothing. */
    private final AtomicLong generation = new AtomicLong();

    private volatile boolean live;

    public ChangeAwareCache(Clock clock, Duration keepFor, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keepFor = Objects.requireNonNull(keepFor, "keepFor");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * The kept answer for {@code key}, or {@code load}'s, kept when {@code keep} accepts it (e.g. not "not found": a
     * new row is not always announced) and the feed stayed live and silent meanwhile.
     */
    public V get(K key, Supplier<V> load, Predicate<V> keep) {
        if (!live || keepFor.isZero()) {
            return load.get();
        }
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.readAt().plus(keepFor).isAfter(now)) {
            return entry.value();
        }
        long before = generation.get();
        V value = load.get();
        if (value != null && keep.test(value) && live) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(value, now));
            if (generation.get() != before) { // a change was announced during the read: what it read may predate it
                entries.remove(key);
            }
        }
        return value;
    }

    public void forget(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    /** Forgets the entries the predicate selects (key and value). */
    public void forgetIf(BiPredicate<K, V> selected) {
        generation.incrementAndGet();
        entries.entrySet().removeIf(e -> selected.test(e.getKey(), e.getValue().value()));
    }

    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** Whether answers may be kept: only while the feed of changes is live (forgets everything either way). */
    public void live(boolean live) {
        this.live = live;
        forgetAll();
    }

    /**
     * A listener for the feed of data changes: {@code onChange} forgets what a change touches; losing the feed and
     * getting it back switch keeping off and on.
     */
    public DataChanges.Listener listener(Consumer<DataChanges.Change> onChange) {
        return new DataChanges.Listener() {
            @Override
            public void changed(DataChanges.Change change) {
                onChange.accept(change);
            }

            @Override
            public void reset() {
                ChangeAwareCache.this.live(false);
            }

            @Override
            public void live() {
                ChangeAwareCache.this.live(true);
            }
        };
    }

    /** Entries kept now (for tests and metrics). */
    public int size() {
        return entries.size();
    }
}
