package io.draftnrun.application.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TraceScope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TracerTest {
    static final TraceScope SCOPE =
            TraceScope.ofRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), "draft", UUID.randomUUID());

    @Test
    void recordsATreeOfSpansWithScopeTokensAndStatus() {
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        try (SpanHandle run =
                tracer.startTrace(SCOPE, "GraphRunner", SpanKind.CHAIN).input("hello")) {
            try (SpanHandle agent = run.child("Agent", SpanKind.AGENT)) {
                agent.child("gpt", SpanKind.LLM)
                        .llm("openai", "gpt-4o-mini", true)
                        .tokens(100, 20)
                        .end();
                agent.child("search", SpanKind.TOOL)
                        .tool("search", "web search", "{\"q\":\"x\"}")
                        .fail(new IllegalStateException("boom"));
            }
            run.output("bye");
        }
        List<Span> spans = sink.spans();
        assertThat(spans).extracting(Span::name).containsExactly("gpt", "search", "Agent", "GraphRunner");
        Span root = sink.named("GraphRunner");
        assertThat(root.isRoot()).isTrue();
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.traceId()).isEqualTo(root.traceId());
            assertThat(s.scope()).isEqualTo(SCOPE);
        });
        assertThat(sink.named("Agent").parentId()).contains(root.spanId());
        assertThat(sink.named("gpt").parentId()).contains(sink.named("Agent").spanId());
        assertThat(sink.named("gpt").ownTokens().total()).isEqualTo(120);
        assertThat(sink.named("gpt").usedPlatformKey()).isTrue();
        assertThat(sink.named("search").status()).isEqualTo(SpanStatus.error("boom"));
        assertThat(sink.named("search").events()).extracting(e -> e.name()).containsExactly("exception");
        assertThat(root.attributes())
                .containsEntry(SpanAttributes.INPUT_VALUE, "hello")
                .containsEntry(SpanAttributes.OUTPUT_VALUE, "bye")
                .containsEntry(SpanAttributes.SPAN_KIND, "CHAIN");
        assertThat(root.status()).isEqualTo(SpanStatus.OK);
    }

    @Test
    void aSpanEndsOnceAndIgnoresLaterChanges() {
        CollectingSpanSink sink = new CollectingSpanSink();
        SpanHandle span = new Tracer(sink).startTrace(SCOPE, "r", SpanKind.CHAIN);
        span.fail("first");
        span.output("late").end();
        span.close();
        assertThat(sink.spans()).singleElement().satisfies(s -> {
            assertThat(s.status().message()).isEqualTo("first");
            assertThat(s.attributes()).doesNotContainKey(SpanAttributes.OUTPUT_VALUE);
        });
    }

    @Test
    void parallelChildrenOnVirtualThreadsKeepTheirOwnParent() throws Exception {
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        SpanHandle run = tracer.startTrace(SCOPE, "run", SpanKind.CHAIN);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                futures.add(executor.submit(() -> {
                    try (SpanHandle node = tracer.startChild(run.context(), "node" + n, SpanKind.AGENT)) {
                        node.child("llm" + n, SpanKind.LLM).tokens(n, 1).end();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        run.end();
        assertThat(sink.spans()).hasSize(101);
        for (int i = 0; i < 50; i++) {
            assertThat(sink.named("llm" + i).parentId())
                    .contains(sink.named("node" + i).spanId());
            assertThat(sink.named("node" + i).parentId()).contains(run.context().spanId());
        }
    }

    @Test
    void aDisabledTracerRecordsNothingButStillGivesATraceId() {
        Tracer tracer = Tracer.disabled();
        SpanHandle run = tracer.startTrace(SCOPE, "run", SpanKind.CHAIN);
        assertThat(run.recording()).isFalse();
        assertThat(run.child("x", SpanKind.LLM).tokens(1, 1).context().traceId())
                .isEqualTo(run.context().traceId());
        run.end();
        assertThat(tracer.enabled()).isFalse();
    }
}
