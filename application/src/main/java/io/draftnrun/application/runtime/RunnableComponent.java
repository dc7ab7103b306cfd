package io.draftnrun.application.runtime;

import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.trace.SpanKind;
import java.util.List;

/**
 * A component instance of one run. {@link #run} receives the payloads of its predecessors ordered by edge order (a
 * start node receives the request as one payload) and returns its output payload; it runs on its own virtual thread
 * inside the node's span ({@code ctx.trace()}), and should call {@link RunContext#checkActive()} between long steps.
 * Failures are exceptions (a DomainException with a message shown to users); the first one fails the run.
 */
public interface RunnableComponent {
    Payload run(List<Payload> inputs, RunContext ctx);

    /** The instance name (for spans and errors). */
    String name();

    /** The kind of the node's span. */
    default SpanKind spanKind() {
        return SpanKind.CHAIN;
    }
}
