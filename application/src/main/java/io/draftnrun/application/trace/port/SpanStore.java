package io.draftnrun.application.trace.port;

import io.draftnrun.domain.trace.Span;
import java.util.List;

/**
 * The traces database, written in batches by the asynchronous writer. One call stores the spans (a span already
 * stored is skipped), brings the cumulative token and error counts of every span of the touched traces up to date
 * (children may arrive before or after their parents, in any batch), and adds the tokens of spans that used the
 * platform's keys to their organization's usage. Throws when the database cannot be reached.
 */
public interface SpanStore {
    void write(List<Span> spans);
}
