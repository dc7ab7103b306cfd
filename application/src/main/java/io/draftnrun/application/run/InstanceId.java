package io.draftnrun.application.run;

import java.util.Objects;
import java.util.UUID;

/**
 * A server instance (one process of {@code serve} or {@code dev}), new at each start: runs record the instance that
 * executes them, and an instance that stops beating is known to have stopped (see {@link RunReaper}).
 */
public record InstanceId(UUID value) {
    public InstanceId {
        Objects.requireNonNull(value, "instance id");
    }

    public static InstanceId random() {
        return new InstanceId(UUID.randomUUID());
    }

    public static InstanceId of(String text) {
        return new InstanceId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
