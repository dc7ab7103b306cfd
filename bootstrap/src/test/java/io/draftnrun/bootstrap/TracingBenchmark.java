package io.draftnrun.bootstrap;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code make bench} part: how fast runs can record their spans with tracing off ({@link Tracer#disabled()}) and on
 * (the asynchronous writer draining into a store that only counts, so the figure is the cost on the run's side, not
 * the database's). Each simulated run has 10 spans (root, 3 nodes, an LLM and a tool per node) recorded from
 * virtual threads in parallel. Usage: {@code TracingBenchmark [runs]}.
 */
public final class TracingBenchmark {
    private TracingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        TraceScope scope =
                TraceScope.ofRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), "draft", UUID.randomUUID());
        // warm-up
        measure(Tracer.disabled(), scope, runs / 10);
        AtomicLong stored = new AtomicLong();
        SpanStore counting = batch -> stored.addAndGet(batch.size());
        try (AsyncSpanWriter writer = new AsyncSpanWriter(counting, Metrics.NOOP, AsyncSpanWriter.Settings.DEFAULTS)) {
            Tracer on = new Tracer(writer);
            measure(on, scope, runs / 10);
            double off = measure(Tracer.disabled(), scope, runs);
            double onRate = measure(on, scope, runs);
            writer.close(Duration.ofSeconds(30));
            System.out.printf(
                    Locale.ROOT,
                    "tracing off: %.0f runs/s; on: %.0f runs/s (%.0f spans/s); overhead %.1f %%;"
                            + " spans written %d, dropped %d%n",
                    off,
                    onRate,
                    onRate * 10,
                    (1 - onRate / off) * 100,
                    stored.get(),
                    writer.dropped());
        }
    }

    private static double measure(Tracer tracer, TraceScope scope, int runs) throws Exception {
        long started = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                futures.add(executor.submit(() -> {
                    try (SpanHandle run = tracer.startTrace(scope, "GraphRunner", SpanKind.CHAIN)
                            .input("question")) {
                        for (int n = 0; n < 3; n++) {
                            try (SpanHandle node =
                                    run.child("node" + n, SpanKind.AGENT).input("in")) {
                                node.child("llm", SpanKind.LLM)
                                        .llm("openai", "gpt-4o-mini", true)
                                        .tokens(120, 30)
                                        .end();
                                node.child("tool", SpanKind.TOOL)
                                        .tool("search", "web search", "{}")
                                        .end();
                                node.output("out");
                            }
                        }
                        run.output("answer");
                    }
                }));
                if (futures.size() >= 1_000) {
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    futures.clear();
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return runs / ((System.nanoTime() - started) / 1e9);
    }
}
