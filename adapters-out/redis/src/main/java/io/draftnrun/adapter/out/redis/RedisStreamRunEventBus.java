package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-event bus on Redis, shared by every server instance. Each run has a stream ({@code run-events:<runId>}):
 * events are appended (XADD, capped with MAXLEN, expiring {@code retention} after the run ends) and announced on the
 * pub/sub channel {@code run-events} in the same Lua script. A subscriber listens to that channel first, then reads
 * the stream from its start and, on every announcement for its run (and once a second in case one was lost), reads
 * on from the last entry it delivered: the history then live events, with no gap (the stream holds everything) and
 * no duplicate (reads start after the last delivered id).
 *
 * <p>Publishing is asynchronous, keeps each run's order (one script in flight per run) and is lazy: the publishing
 * instance keeps a run's events in memory and appends them in one script when the run ends ({@code RunFinished}), or
 * earlier whenever {@value #BATCH} are queued (bounded memory for long runs). So a run nobody watches costs one Redis
 * call. A run is <em>watched</em> once someone subscribes to it on any instance; from then until its end its events
 * are flushed live: whatever is queued at once, then every {@code linger} (10 ms by default; zero: each event at
 * once).
 *
 * <p>Watching: {@link #subscribe} starts listening to announcements, then marks the run watched on its own instance
 * and publishes its id on the channel {@code run-events-watch}; it publishes it again every second while the
 * subscription is open. Every instance listens to that channel from its constructor (Redisson's blocking {@code addListener}
 * returns once Redis has acknowledged the SUBSCRIBE), hence before it can publish any event: every watch published
 * afterwards reaches it, short of a lost message. On a watch, an instance flushes the run's queued
 * events and keeps it live; it also remembers the id for {@value #WATCH_MEMORY_SECONDS} s (at most
 * {@value #MAX_WATCHED} ids, forgotten by the poller thread), and a run whose first event comes later starts live: a
 * subscriber may subscribe to an id returned by an asynchronous start before the run has published anything.
 * Remembering and creating a run's sender happen under one lock, so a watch racing with a run's first event is seen
 * by one side or the other. Pub/sub is at-most-once (a message is lost e.g. while a connection is re-established):
 * a lost watch only delays delivery, to the next re-announcement or at the latest to the run's end, when everything
 * is appended and announced; the subscriber still gets every event in order without gap or duplicate since it reads
 * the stream, not the messages. The price of laziness: if the publishing instance dies mid-run, an unwatched run's
 * events are lost with it (a watched one loses at most its last {@code linger}); such a run never finishes on the bus
 * either way.
 */
public final class RedisStreamRunEventBus implements RunEventBus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamRunEventBus.class);
    private static final String CHANNEL = "run-events";
    private static final String WATCH_CHANNEL = "run-events-watch";
    private static final String FIELD = "e";
    private static final Duration LIVE_TTL = Duration.ofHours(24);
    private static final int BATCH = 64;
    private static final int WATCH_MEMORY_SECONDS = 60;
    private static final int MAX_WATCHED = 100_000;
    private static final String APPEND = """
            for i = 4, #ARGV do
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[i])
            end
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            redis.call('PUBLISH', KEYS[2], ARGV[3])
            return 1
            """;

    /** How long a watched run's events may wait to be appended together when {@code linger} is not given. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(10);

    private final RedissonClient client;
    private final int maxLength;
    private final Duration retention;
    private final boolean lingering;
    private final Map<RunId, Sender> senders = new ConcurrentHashMap<>();
    private final Map<RunId, List<Reader>> readers = new ConcurrentHashMap<>();
    /** Run ids watched lately, to their expiry ({@link System#nanoTime()}); written under {@link #watchLock}. */
    private final Map<RunId, Long> watched = new ConcurrentHashMap<>();

    private final Object watchLock = new Object();
    private final ScheduledExecutorService poller;
    private final AtomicBoolean listening = new AtomicBoolean();
    private final int watchListener;
    private volatile int topicListener = -1;

    /**
     * @param maxLength events kept per run at most (older ones are trimmed)
     * @param retention how long a finished run's events stay readable
     */
    public RedisStreamRunEventBus(RedissonClient client, int maxLength, Duration retention) {
        this(client, maxLength, retention, DEFAULT_LINGER);
    }

    /**
     * Listens to watches before returning (a blocking call to Redis).
     *
     * @param linger how long a watched run's events may wait to be appended together (zero: each is sent at once);
     *     an unwatched run's events wait for its end (or {@value #BATCH} of them), and a run's last event is always
     *     sent at once with whatever waits before it
     */
    public RedisStreamRunEventBus(RedissonClient client, int maxLength, Duration retention, Duration linger) {
        this.client = client;
        this.maxLength = maxLength;
        this.retention = retention;
        this.lingering = !linger.isZero() && !linger.isNegative();
        this.poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("run-events-poll").factory());
        try {
            this.watchListener = client.getTopic(WATCH_CHANNEL, StringCodec.INSTANCE)
                    .addListener(String.class, (channel, id) -> onWatchMessage(id));
        } catch (RuntimeException e) {
            poller.shutdownNow();
            throw e;
        }
        poller.scheduleWithFixedDelay(this::pollAll, 1, 1, TimeUnit.SECONDS);
        if (lingering) {
            long micros = Math.max(1, linger.toNanos() / 1000);
            poller.scheduleWithFixedDelay(this::flushAll, micros, micros, TimeUnit.MICROSECONDS);
        }
    }

    public RedisStreamRunEventBus(RedisConnection connection) {
        this(connection.client(), 10_000, Duration.ofHours(1));
    }

    private static String key(RunId runId) {
        return "run-events:" + runId;
    }

    // ---------------------------------------------------------------- publishing

    private final class Sender {
        final Queue<RunEvent> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger queued = new AtomicInteger();
        final AtomicBoolean inFlight = new AtomicBoolean();
        volatile boolean finishing;
        /** Watched: flushed live (every linger) rather than at the end. */
        volatile boolean live;

        Sender(boolean live) {
            this.live = live;
        }

        /** Whether what is queued must go now rather than wait for the ticker or the run's end. */
        boolean due() {
            return finishing || queued.get() >= BATCH || (live && !lingering);
        }
    }

    @Override
    public void publish(RunEvent event) {
        Sender sender = senders.get(event.runId());
        if (sender == null) {
            sender = newSender(event.runId());
        }
        sender.queue.add(event);
        sender.queued.incrementAndGet();
        if (event instanceof RunEvent.RunFinished) {
            sender.finishing = true;
        }
        if (sender.due()) {
            trySend(sender);
        }
    }

    /** Creates a run's sender, live if the run was watched before its first event (see {@link #watch}). */
    private Sender newSender(RunId runId) {
        synchronized (watchLock) {
            return senders.computeIfAbsent(runId, k -> new Sender(watched.containsKey(k)));
        }
    }

    /**
     * Someone watches the run: remember it (for a run not started yet) and, if this instance publishes it, flush its
     * queued events now and keep it live until its end.
     */
    private void watch(RunId runId) {
        Sender sender;
        synchronized (watchLock) {
            if (watched.size() < MAX_WATCHED || watched.containsKey(runId)) {
                watched.put(runId, System.nanoTime() + TimeUnit.SECONDS.toNanos(WATCH_MEMORY_SECONDS));
            }
            sender = senders.get(runId);
        }
        if (sender != null && !sender.live) {
            sender.live = true;
            trySend(sender);
        }
    }

    /** A watch from the channel (any instance, this one included), handled on the poller, off Redisson's threads. */
    private void onWatchMessage(String id) {
        RunId runId;
        try {
            runId = RunId.of(id);
        } catch (RuntimeException e) {
            LOG.debug("ignoring a malformed run watch: {}", e.toString());
            return;
        }
        try {
            poller.execute(() -> watch(runId));
        } catch (RejectedExecutionException closed) {
            // closing: nothing more to publish
        }
    }

    /** Sends what waits for every watched run (the linger's tick). */
    private void flushAll() {
        try {
            senders.values().forEach(sender -> {
                if (sender.live && sender.queued.get() > 0) {
                    trySend(sender);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("run events flush failed", e);
        }
    }

    /**
     * Sends what is queued for the run (up to {@value #BATCH} events in one script) unless a send of that run is in
     * flight: one at a time per run keeps the order; when it completes, the rest follows.
     */
    private void trySend(Sender sender) {
        while (sender.queued.get() > 0 && sender.inFlight.compareAndSet(false, true)) {
            List<RunEvent> batch = new ArrayList<>();
            RunEvent event;
            while (batch.size() < BATCH && (event = sender.queue.poll()) != null) {
                batch.add(event);
            }
            if (batch.isEmpty()) {
                sender.inFlight.set(false);
                continue; // counted but not yet visible in the queue: look again
            }
            sender.queued.addAndGet(-batch.size());
            try {
                send(sender, batch);
            } catch (RuntimeException e) {
                LOG.warn(
                        "{} run event(s) of run {} not published: {}",
                        batch.size(),
                        batch.getFirst().runId(),
                        e.toString());
                sent(sender, batch);
                continue;
            }
            return;
        }
    }

    private void send(Sender sender, List<RunEvent> batch) {
        RunEvent first = batch.getFirst();
        boolean last = batch.getLast() instanceof RunEvent.RunFinished;
        long ttl = (last ? retention : LIVE_TTL).toSeconds();
        Object[] args = new Object[3 + batch.size()];
        args[0] = String.valueOf(maxLength);
        args[1] = String.valueOf(Math.max(1, ttl));
        args[2] = first.runId().toString();
        for (int i = 0; i < batch.size(); i++) {
            args[3 + i] = RunEventCodec.write(batch.get(i));
        }
        client.getScript(StringCodec.INSTANCE)
                .evalShaAsync(
                        key(first.runId()),
                        RScript.Mode.READ_WRITE,
                        appendSha(),
                        RScript.ReturnType.INTEGER,
                        List.<Object>of(key(first.runId()), CHANNEL),
                        args)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        if (String.valueOf(error.getMessage()).contains("NOSCRIPT")) {
                            appendSha = null; // the server lost its scripts (restart): load again next time
                        }
                        LOG.warn(
                                "{} run event(s) of run {} not published: {}",
                                batch.size(),
                                first.runId(),
                                error.toString());
                    }
                    sent(sender, batch);
                    if (sender.due() && sender.queued.get() > 0) {
                        if (appendSha == null) {
                            // loading the script is a blocking call: not on Redisson's thread
                            runOnPoller(() -> trySend(sender));
                        } else {
                            trySend(sender);
                        }
                    }
                });
    }

    /** A send is over (done or failed): the run's next one may go. */
    private void sent(Sender sender, List<RunEvent> batch) {
        if (batch.getLast() instanceof RunEvent.RunFinished) {
            senders.remove(batch.getFirst().runId(), sender);
        }
        sender.inFlight.set(false);
    }

    private void runOnPoller(Runnable task) {
        try {
            poller.execute(task);
        } catch (RejectedExecutionException closed) {
            LOG.debug("run events bus closed: a send is dropped");
        }
    }

    private volatile String appendSha;

    private String appendSha() {
        String sha = appendSha;
        if (sha == null) {
            sha = client.getScript(StringCodec.INSTANCE).scriptLoad(APPEND);
            appendSha = sha;
        }
        return sha;
    }

    /** The sequence of the last event appended to the run's stream (what this instance still queues is not). */
    @Override
    public long lastSequence(RunId runId) {
        Map<StreamMessageId, Map<String, String>> last = client.<String, String>getStream(
                        key(runId), StringCodec.INSTANCE)
                .rangeReversed(1, StreamMessageId.MAX, StreamMessageId.MIN);
        return last.values().stream()
                .findFirst()
                .map(fields -> RunEventCodec.read(fields.get(FIELD)).sequence())
                .orElse(0L);
    }

    // ---------------------------------------------------------------- subscribing

    private final class Reader implements Subscription {
        final RunId runId;
        final Listener listener;
        final RStream<String, String> stream;
        final AtomicInteger work = new AtomicInteger();
        volatile boolean closed;
        StreamMessageId last = new StreamMessageId(0, 0);

        Reader(RunId runId, Listener listener) {
            this.runId = runId;
            this.listener = listener;
            this.stream = client.getStream(key(runId), StringCodec.INSTANCE);
        }

        void signal() {
            if (!closed && work.getAndIncrement() == 0) {
                Thread.ofVirtual().name("run-events-" + runId).start(this::drain);
            }
        }

        private void drain() {
            int missed = 1;
            do {
                try {
                    readOn();
                } catch (RuntimeException e) {
                    LOG.warn("reading the events of run {} failed: {}", runId, e.toString());
                    closed = true;
                    remove(this);
                    listener.onError(e);
                    return;
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        private void readOn() {
            while (!closed) {
                StreamMessageId from = new StreamMessageId(last.getId0(), last.getId1() + 1);
                Map<StreamMessageId, Map<String, String>> batch = stream.range(500, from, StreamMessageId.MAX);
                if (batch.isEmpty()) {
                    return;
                }
                for (Map.Entry<StreamMessageId, Map<String, String>> entry : batch.entrySet()) {
                    last = entry.getKey();
                    RunEvent event = RunEventCodec.read(entry.getValue().get(FIELD));
                    listener.onEvent(event);
                    if (event instanceof RunEvent.RunFinished) {
                        close();
                        return;
                    }
                }
                if (batch.size() < 500) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            remove(this);
        }
    }

    @Override
    public Subscription subscribe(RunId runId, Listener listener) {
        ensureListening();
        Reader reader = new Reader(runId, listener);
        readers.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(reader);
        reader.signal();
        watch(runId);
        announce(runId);
        return reader;
    }

    /** Tells every instance (this one too) that the run is watched; re-sent every second while it is. */
    private void announce(RunId runId) {
        try {
            client.getTopic(WATCH_CHANNEL, StringCodec.INSTANCE)
                    .publishAsync(runId.toString())
                    .whenComplete((receivers, error) -> {
                        if (error != null) {
                            LOG.debug("could not announce a watch of run {}: {}", runId, error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("could not announce a watch of run {}: {}", runId, e.toString());
        }
    }

    /** Whether this instance remembers a watch of the run (for tests). */
    boolean remembersWatch(RunId runId) {
        return watched.containsKey(runId);
    }

    /** Whether this instance publishes the run live (for tests). */
    boolean publishesLive(RunId runId) {
        Sender sender = senders.get(runId);
        return sender != null && sender.live;
    }

    private void remove(Reader reader) {
        readers.computeIfPresent(reader.runId, (k, list) -> {
            list.remove(reader);
            return list.isEmpty() ? null : list;
        });
    }

    /** Listens to announcements before any reading starts, so nothing appended afterwards goes unnoticed. */
    private void ensureListening() {
        if (listening.get()) {
            return;
        }
        synchronized (listening) {
            if (listening.get()) {
                return;
            }
            RTopic topic = client.getTopic(CHANNEL, StringCodec.INSTANCE);
            topicListener = topic.addListener(String.class, (channel, runId) -> {
                List<Reader> list = readers.get(RunId.of(runId));
                if (list != null) {
                    list.forEach(Reader::signal);
                }
            });
            listening.set(true);
        }
    }

    /** Once a second: reads on for every subscription, renews their watches, forgets old watches. */
    private void pollAll() {
        try {
            readers.forEach((runId, list) -> {
                list.forEach(Reader::signal);
                announce(runId);
            });
            long now = System.nanoTime();
            watched.values().removeIf(expiry -> expiry - now < 0);
        } catch (RuntimeException e) {
            LOG.debug("run events poll failed", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        readers.values().forEach(list -> list.forEach(r -> r.closed = true));
        readers.clear();
        try {
            client.getTopic(WATCH_CHANNEL, StringCodec.INSTANCE).removeListener(watchListener);
        } catch (RuntimeException e) {
            LOG.debug("could not stop listening to run watches", e);
        }
        if (listening.get()) {
            try {
                client.getTopic(CHANNEL, StringCodec.INSTANCE).removeListener(topicListener);
            } catch (RuntimeException e) {
                LOG.debug("could not stop listening to run events", e);
            }
        }
    }
}
