package io.draftnrun.bootstrap;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the wiring started and must stop, closed in reverse order of registration: what is registered last (e.g. the
 * queue worker taking new runs) stops first, what others lean on (e.g. the run engine storing the ends of runs)
 * later. The connections themselves belong to {@link Infrastructure}, closed after this.
 */
final class Lifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Registers {@code resource} to be closed before everything registered earlier; returns it. */
    synchronized <T extends AutoCloseable> T onClose(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
