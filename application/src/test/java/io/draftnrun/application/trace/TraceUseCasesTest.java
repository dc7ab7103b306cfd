package io.draftnrun.application.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The slice's factory: what the tracer records reaches the database (when enabled) and every export. */
class TraceUseCasesTest {
    static final TraceScope SCOPE =
            TraceScope.ofRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), "draft", UUID.randomUUID());

    final InMemoryTraceStore store = new InMemoryTraceStore();
    final CollectingSpanSink export = new CollectingSpanSink();

    TraceUseCases create(Optional<AsyncSpanWriter.Settings> writer) {
        return TraceUseCases.create(
                new TraceUseCases.Ports(store, store, store, new FakeProjectDirectory(), Metrics.NOOP, List.of(export)),
                new TraceUseCases.Settings(writer, 1_000),
                Clock.systemUTC());
    }

    @Test
    void spansReachTheTracesDatabaseAndTheExports() {
        TraceUseCases traces = create(Optional.of(
                new AsyncSpanWriter.Settings(100, 10, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ZERO)));

        traces.tracer().startTrace(SCOPE, "GraphRunner", SpanKind.CHAIN).end();
        traces.writer().orElseThrow().close(Duration.ofSeconds(10)); // writes what is buffered

        assertThat(store.size()).isEqualTo(1);
        assertThat(export.spans()).extracting(s -> s.name()).containsExactly("GraphRunner");
    }

    @Test
    void withoutTheWriterSpansAreExportedButNotStored() {
        TraceUseCases traces = create(Optional.empty());

        traces.tracer().startTrace(SCOPE, "GraphRunner", SpanKind.CHAIN).end();

        assertThat(traces.writer()).isEmpty();
        assertThat(export.spans()).hasSize(1);
        assertThat(store.size()).isZero();
    }
}
