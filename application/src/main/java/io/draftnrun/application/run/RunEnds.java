package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.trace.TraceScope;
import java.util.Objects;

/**
 * Announces the end of a run ended by someone other than its executor (a cancellation of a queued or orphaned run,
 * the reaper): publishes its {@code RunFinished} after the last event the bus holds of it, so subscribers, server-sent
 * event streams and waiting callers finish, and closes its trace's root span as an error.
 */
public final class RunEnds {
    private static final System.Logger LOG = System.getLogger(RunEnds.class.getName());

    private final RunEventBus bus;
    private final Tracer tracer;

    public RunEnds(RunEventBus bus, Tracer tracer) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /** Announces {@code ended} (final, as stored). Never throws: the stored end is what counts. */
    public void announce(Run ended) {
        String error = ended.error().orElse(ended.status().name().toLowerCase());
        try {
            long sequence = bus.lastSequence(ended.id()) + 1;
            bus.publish(new RunEvent.RunFinished(
                    ended.id(), sequence, ended.finishedAt().orElseThrow(), ended.status(), "", ended.error()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the end of run {0} could not be published: {1}", ended.id(), e);
        }
        try {
            tracer.closeAbandoned(
                    TraceScope.ofRun(
                            ended.projectId().value(),
                            ended.organizationId(),
                            ended.environment().wireName(),
                            ended.id().value()),
                    ended.traceId(),
                    "GraphRunner",
                    ended.createdAt(),
                    error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the trace of run {0} could not be closed: {1}", ended.id(), e);
        }
    }
}
