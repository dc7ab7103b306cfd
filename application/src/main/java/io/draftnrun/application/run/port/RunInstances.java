package io.draftnrun.application.run.port;

import io.draftnrun.application.run.InstanceId;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The server instances executing runs, each beating while it lives. Liveness is judged on the store's own clock, so
 * instances whose clocks differ agree on it.
 */
public interface RunInstances {
    /**
     * Records the instance as alive. {@code host} identifies the machine and process namespace it runs in,
     * {@code process} the process there (so a later start on the same machine can tell it is gone).
     */
    void register(InstanceId id, String host, String process);

    /** The instance is alive now; false when it was forgotten meanwhile (it then registers again). */
    boolean beat(InstanceId id);

    /** The instance stops: it is forgotten (its live runs are then abandoned). */
    void deregister(InstanceId id);

    /** Whether the instance beat within {@code silence}. */
    boolean alive(InstanceId id, Duration silence);

    /**
     * Forgets the instances recorded on {@code host} whose process {@code gone} says has ended (a restart on the same
     * machine need not wait for their silence); returns how many.
     */
    int forgetGone(String host, Predicate<String> gone);
}
