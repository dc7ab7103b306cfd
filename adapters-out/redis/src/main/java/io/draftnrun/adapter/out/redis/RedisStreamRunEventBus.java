package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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
 * an event is appended (XADD, capped with MAXLEN, expiring {@code retention} after the run ends) and announced on
 * one pub/sub channel in the same Lua script. A subscriber listens to the channel first, then reads the stream from
 * its start and, on every announcement for its run (and once a second in case one was lost), reads on from the last
 * entry it delivered: the history then live events, with no gap (the stream holds everything) and no duplicate (reads
 * start after the last delivered id). Publishing is asynchronous but keeps each run's order, and coalesces: a run's
 * events wait at most {@code linger} (10 ms by default) to be appended together, and its last event
 * ({@code RunFinished}) sends everything at once, so a short run costs one Redis call instead of one per event.
 */
public final class RedisStreamRunEventBus implements RunEventBus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamRunEventBus.class);
    private static final String CHANNEL = "run-events";
    private static final String FIELD = "e";
    private static final Duration LIVE_TTL = Duration.ofHours(24);
    private static final int BATCH = 64;
    private static final String APPEND = """
            for i = 4, #ARGV do
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[i])
            end
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            redis.call('PUBLISH', KEYS[2], ARGV[3])
            return 1
            """;

    /** How long a run's events may wait to be appended together when {@code linger} is not given. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(10);

    private final RedissonClient client;
    private final int maxLength;
    private final Duration retention;
    private final boolean lingering;
    private final Map<RunId, Sender> senders = new ConcurrentHashMap<>();
    private final Map<RunId, List<Reader>> readers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private final AtomicBoolean listening = new AtomicBoolean();
    private volatile int topicListener = -1;

    /**
     * @param maxLength events kept per run at most (older ones are trimmed)
     * @param retention how long a finished run's events stay readable
     */
    public RedisStreamRunEventBus(RedissonClient client, int maxLength, Duration retention) {
        this(client, maxLength, retention, DEFAULT_LINGER);
    }

    /**
     * @param linger how long a run's events may wait to be appended together (zero: each is sent at once; a run's
     *     last event is always sent at once with whatever waits before it)
     */
    public RedisStreamRunEventBus(RedissonClient client, int maxLength, Duration retention, Duration linger) {
        this.client = client;
        this.maxLength = maxLength;
        this.retention = retention;
        this.lingering = !linger.isZero() && !linger.isNegative();
        this.poller = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("run-events-poll").factory());
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
    }

    @Override
    public void publish(RunEvent event) {
        Sender sender = senders.computeIfAbsent(event.runId(), k -> new Sender());
        sender.queue.add(event);
        int queued = sender.queued.incrementAndGet();
        if (event instanceof RunEvent.RunFinished) {
            sender.finishing = true;
        }
        if (!lingering || sender.finishing || queued >= BATCH) {
            trySend(sender);
        }
    }

    /** Sends what waits for every run (the linger's tick). */
    private void flushAll() {
        try {
            senders.values().forEach(sender -> {
                if (sender.queued.get() > 0) {
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
            List<RunEvent> batch = new java.util.ArrayList<>();
            RunEvent event;
            while (batch.size() < BATCH && (event = sender.queue.poll()) != null) {
                batch.add(event);
            }
            if (batch.isEmpty()) {
                sender.inFlight.set(false);
                continue; // counted but not yet visible in the queue: look again
            }
            sender.queued.addAndGet(-batch.size());
            send(sender, batch);
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
            args[3 + i] = Json.write(batch.get(i).toMap());
        }
        int sent = batch.size();
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
                        LOG.warn("{} run event(s) of run {} not published: {}", sent, first.runId(), error.toString());
                    }
                    if (last) {
                        senders.remove(first.runId(), sender);
                    }
                    sender.inFlight.set(false);
                    if (!lingering || sender.finishing || sender.queued.get() >= BATCH) {
                        trySend(sender);
                    }
                });
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
                    RunEvent event =
                            RunEvent.fromMap(Json.parseObject(entry.getValue().get(FIELD)));
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
        return reader;
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

    private void pollAll() {
        try {
            readers.values().forEach(list -> list.forEach(Reader::signal));
        } catch (RuntimeException e) {
            LOG.debug("run events poll failed", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        readers.values().forEach(list -> list.forEach(r -> r.closed = true));
        readers.clear();
        if (listening.get()) {
            try {
                client.getTopic(CHANNEL, StringCodec.INSTANCE).removeListener(topicListener);
            } catch (RuntimeException e) {
                LOG.debug("could not stop listening to run events", e);
            }
        }
    }
}
