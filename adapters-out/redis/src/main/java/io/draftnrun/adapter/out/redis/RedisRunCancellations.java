package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.domain.run.RunId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run cancellation requests on the Redis pub/sub channel {@value #CHANNEL}, shared by every server instance: a request
 * publishes the run's id; every instance listening (the requesting one included) hands it to its handlers, on
 * Redisson's thread. The constructor subscribes (Redisson's blocking {@code addListener} returns once Redis has
 * acknowledged the SUBSCRIBE), so an instance built before it serves requests misses no request sent afterwards,
 * short of a lost message (pub/sub is at most once, e.g. while a connection is re-established). {@link #close()}
 * unsubscribes.
 */
public final class RedisRunCancellations implements RunCancellations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRunCancellations.class);
    static final String CHANNEL = "run-cancel";

    private final RTopic topic;
    private final List<Consumer<RunId>> handlers = new CopyOnWriteArrayList<>();
    private final int listener;

    /** Subscribes to the channel before returning (a blocking call to Redis). */
    public RedisRunCancellations(RedissonClient client) {
        this.topic = client.getTopic(CHANNEL, StringCodec.INSTANCE);
        this.listener = topic.addListener(String.class, (channel, id) -> deliver(id));
    }

    /** Publishes the request and waits for Redis to take it (not for any instance to act); fails if Redis does. */
    @Override
    public void request(RunId runId) {
        long listening = topic.publish(runId.toString());
        LOG.debug("cancellation of run {} sent to {} listening connection(s)", runId, listening);
    }

    @Override
    public void onRequest(Consumer<RunId> handler) {
        handlers.add(handler);
    }

    private void deliver(String id) {
        RunId runId;
        try {
            runId = RunId.of(id);
        } catch (RuntimeException e) {
            LOG.debug("ignoring a malformed run cancellation: {}", e.toString());
            return;
        }
        for (Consumer<RunId> handler : handlers) {
            try {
                handler.accept(runId);
            } catch (RuntimeException e) {
                LOG.warn("cancelling run {} failed: {}", runId, e.toString());
            }
        }
    }

    @Override
    public void close() {
        try {
            topic.removeListener(listener);
        } catch (RuntimeException e) {
            LOG.debug("could not stop listening to run cancellations", e);
        }
    }
}
