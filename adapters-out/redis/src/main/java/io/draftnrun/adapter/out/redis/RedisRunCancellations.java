package io.draftnrun.adapter.out.redis;

import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.port.RunCancellations;
import io.draftnrun.domain.run.RunId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run cancellation requests on the Redis pub/sub channel {@value #CHANNEL}, shared by every server instance, with
 * answers on {@value #ANSWERS}. A request is {@code <runId> <recordedOn|-> <requestId>}; every instance listening
 * (the requesting one included) hands the run to its handler: the one holding the run cancels it and answers
 * {@code <requestId> CANCELLED}; the instance named as the run's executor answers {@code NOT_HELD} if it does not hold
 * it; the others stay silent. The requester waits for the first answer. The constructor subscribes to both channels
 * (Redisson's blocking {@code addListener} returns once Redis has acknowledged), so an instance built before it serves
 * requests misses no request sent afterwards, short of a lost message (pub/sub is at most once). {@link #close()}
 * unsubscribes.
 */
public final class RedisRunCancellations implements RunCancellations, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRunCancellations.class);
    static final String CHANNEL = "run-cancel";
    static final String ANSWERS = "run-cancel-answers";

    private final RedissonClient client;
    private final RTopic topic;
    private final RTopic answers;
    private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
    private final int listener;
    private final int answerListener;
    private volatile InstanceId self;
    private volatile Predicate<RunId> handler = id -> false;

    /** Subscribes to the channels before returning (blocking calls to Redis). */
    public RedisRunCancellations(RedissonClient client) {
        this.client = client;
        this.topic = client.getTopic(CHANNEL, StringCodec.INSTANCE);
        this.answers = client.getTopic(ANSWERS, StringCodec.INSTANCE);
        this.answerListener = answers.addListener(String.class, (channel, message) -> answered(message));
        this.listener = topic.addListener(String.class, (channel, message) -> deliver(message));
    }

    @Override
    public Answer request(RunId runId, Optional<InstanceId> recordedOn, Duration wait) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        try {
            long listening = topic.publish(
                    runId + " " + recordedOn.map(InstanceId::toString).orElse("-") + " " + requestId);
            LOG.debug("cancellation of run {} sent to {} listening connection(s)", runId, listening);
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Answer.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.NO_ANSWER;
        } catch (ExecutionException e) {
            return Answer.NO_ANSWER;
        } finally {
            waiting.remove(requestId);
        }
    }

    @Override
    public void onRequest(InstanceId self, Predicate<RunId> handler) {
        this.self = self;
        this.handler = handler;
    }

    private void deliver(String message) {
        String[] parts = message.split(" ");
        RunId runId;
        try {
            runId = RunId.of(parts[0]);
        } catch (RuntimeException e) {
            LOG.debug("ignoring a malformed run cancellation: {}", e.toString());
            return;
        }
        boolean held;
        try {
            held = handler.test(runId);
        } catch (RuntimeException e) {
            LOG.warn("cancelling run {} failed: {}", runId, e.toString());
            held = false;
        }
        if (parts.length < 3) {
            return; // a request of an older instance: it waits for no answer
        }
        InstanceId me = self;
        boolean recordedHere = me != null && parts[1].equals(me.toString());
        if (held || recordedHere) {
            String reply = parts[2] + " " + (held ? Answer.CANCELLED : Answer.NOT_HELD);
            // not on Redisson's listener thread: a blocking publish there would wait for that very thread
            Thread.startVirtualThread(() -> {
                try {
                    client.getTopic(ANSWERS, StringCodec.INSTANCE).publish(reply);
                } catch (RuntimeException e) {
                    LOG.debug("could not answer a cancellation of run {}: {}", runId, e.toString());
                }
            });
        }
    }

    private void answered(String message) {
        int space = message.indexOf(' ');
        if (space < 0) {
            return;
        }
        CompletableFuture<Answer> answer = waiting.get(message.substring(0, space));
        if (answer == null) {
            return;
        }
        try {
            answer.complete(Answer.valueOf(message.substring(space + 1).strip()));
        } catch (IllegalArgumentException e) {
            LOG.debug("ignoring a malformed cancellation answer: {}", message);
        }
    }

    @Override
    public void close() {
        try {
            topic.removeListener(listener);
            answers.removeListener(answerListener);
        } catch (RuntimeException e) {
            LOG.debug("could not stop listening to run cancellations", e);
        }
    }
}
