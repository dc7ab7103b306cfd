package io.draftnrun.adapter.out.redis;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis stream read through one consumer group, the mechanics the run queue and the ingestion queue share: the group
 * made once (an existing one is kept), XADD, XREADGROUP of new entries, XAUTOCLAIM of entries idle too long, XACK then
 * XDEL, malformed entries dropped. Every Redis failure is UNAVAILABLE, naming the queue and what was being done.
 */
final class StreamConsumerGroup {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumerGroup.class);

    private final RStream<String, String> stream;
    private final String name;
    private final String group;
    private final String queue;

    /** @param queue what the stream is to its users, as errors name it ("the run queue") */
    StreamConsumerGroup(RedissonClient client, String streamName, String group, String queue) {
        this.name = streamName;
        this.group = group;
        this.queue = queue;
        this.stream = client.getStream(streamName, StringCodec.INSTANCE);
        try {
            stream.createGroup(
                    StreamCreateGroupArgs.name(group).id(StreamMessageId.ALL).makeStream());
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw unavailable("creating the consumer group", e);
            }
        }
    }

    /** The stream itself, for what only one queue does; call it inside {@link #call}. */
    RStream<String, String> stream() {
        return stream;
    }

    String group() {
        return group;
    }

    /** {@code body}, with a Redis failure turned into UNAVAILABLE for {@code what}. */
    <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (RedisException e) {
            throw unavailable(what, e);
        }
    }

    void add(Map<String, String> fields, String what) {
        call(what, () -> stream.add(StreamAddArgs.entries(fields)));
    }

    /** Entries never delivered to anyone, at most {@code max}, waiting up to {@code wait} for one. */
    Map<StreamMessageId, Map<String, String>> readNew(String consumer, int max, Duration wait, String what) {
        Map<StreamMessageId, Map<String, String>> messages = call(
                what,
                () -> stream.readGroup(
                        group,
                        consumer,
                        StreamReadGroupArgs.neverDelivered().count(max).timeout(wait)));
        return messages == null ? Map.of() : messages;
    }

    /** Entries delivered to a consumer that left them idle for {@code minIdle}, now delivered to {@code consumer}. */
    Map<StreamMessageId, Map<String, String>> autoClaim(String consumer, Duration minIdle, int max) {
        return stream.autoClaim(group, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, StreamMessageId.MIN, max)
                .getMessages();
    }

    /** Acknowledges and deletes the entry of a delivery's id. */
    void done(String deliveryId, String what) {
        call(what, () -> {
            StreamMessageId id = parse(deliveryId);
            stream.ack(group, id);
            return stream.remove(id);
        });
    }

    /** Removes an entry that cannot be read, so that nobody receives it again. */
    void dropMalformed(StreamMessageId id) {
        LOG.warn("dropping malformed entry {} of stream {}", id, name);
        stream.ack(group, id);
        stream.remove(id);
    }

    static StreamMessageId parse(String id) {
        int dash = id.indexOf('-');
        return new StreamMessageId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    private DomainException unavailable(String what, RuntimeException e) {
        LOG.debug("Redis stream {}: {} failed", name, what, e);
        return new DomainException(ErrorCode.UNAVAILABLE, queue + " is unavailable (" + what + ")", e);
    }
}
