package io.draftnrun.application.trace.port;

import io.draftnrun.domain.trace.Span;
import java.util.List;

/**
 * The traces database, written in batches by the asynchronous writer. One call stores the spans (a span already
 * stored is skipped), stores their cumulative token and error counts ({@link Span#cumulative()}, computed by the
 * tracer as spans end), recomputes those of every span of the traces where some span of the batch has an unknown
 * cumulative (a child that ended after its parent: children may then arrive before or after their parents, in any
 * batch), and adds the tokens of newly stored spans that used the platform's keys to their organization's usage
 * (a retried batch does not count twice). Spans of one trace arrive in the order the tracer decided their roll-ups.
 * Throws when the database cannot be reached.
 */
public interface SpanStore {
    void write(List<Span> spans);
}
