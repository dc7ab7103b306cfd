package io.draftnrun.adapter.out.postgres.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.adapter.out.postgres.PostgresDatabase;
import io.draftnrun.adapter.out.postgres.PostgresUrl;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.application.trace.CollectingSpanSink;
import io.draftnrun.application.trace.SpanFixtures;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TokenCounts;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JooqTraceStoreIT {
    static EmbeddedPostgres postgres;
    static PostgresDatabase db;
    static JooqSpanStore store;
    static JooqTraceReadModel reads;
    static JooqUsageLedger ledger;

    final OrganizationId org = new OrganizationId(UUID.randomUUID());
    final UUID project = UUID.randomUUID();
    final TraceScope scope = TraceScope.ofRun(project, org, "production", UUID.randomUUID());

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        db = database(postgres);
        db.migrate();
        store = new JooqSpanStore(db.dsl());
        reads = new JooqTraceReadModel(db.dsl());
        ledger = new JooqUsageLedger(db.dsl());
    }

    static PostgresDatabase database(EmbeddedPostgres pg) {
        return new PostgresDatabase(
                "traces",
                new PostgresUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", ""),
                4);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        postgres.close();
    }

    Span span(TraceId t, SpanId id, SpanId parent, String name, SpanKind kind, long p, long c, boolean platform) {
        return SpanFixtures.span(
                scope,
                t,
                id,
                parent,
                name,
                kind,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                Duration.ofMillis(5),
                p,
                c,
                platform,
                name.startsWith("failing") ? SpanStatus.error("boom") : SpanStatus.OK);
    }

    @Test
    void rollsUpTokensAndErrorsOfAThreeLevelTreeWhateverTheBatchesAndOrder() {
        TraceId t = TraceId.random();
        SpanId root = SpanId.random(), agent = SpanId.random(), tool = SpanId.random();
        SpanId llmInTool = SpanId.random(), llmInAgent = SpanId.random(), failingTool = SpanId.random();
        // batch 1: leaves first, as a run finishes them; batch 2: the agent; batch 3: the root, then a late child
        store.write(List.of(
                span(t, llmInTool, tool, "llm-in-tool", SpanKind.LLM, 100, 10, true),
                span(t, tool, agent, "tool", SpanKind.TOOL, 0, 0, false)));
        store.write(List.of(
                span(t, llmInAgent, agent, "agent-llm", SpanKind.LLM, 1000, 100, false),
                span(t, agent, root, "agent", SpanKind.AGENT, 0, 0, false)));
        store.write(List.of(span(t, root, null, "run", SpanKind.CHAIN, 0, 0, false)));
        store.write(List.of(span(t, failingTool, agent, "failing-tool", SpanKind.TOOL, 5, 5, true)));
        store.write(List.of(span(t, failingTool, agent, "failing-tool", SpanKind.TOOL, 5, 5, true))); // retried

        Map<String, StoredSpan> byName =
                reads.trace(t).stream().collect(Collectors.toMap(s -> s.span().name(), Function.identity()));
        assertThat(byName).hasSize(6);
        assertThat(byName.get("run").cumulative().tokens().prompt()).isEqualTo(1105);
        assertThat(byName.get("run").cumulative().tokens().completion()).isEqualTo(115);
        assertThat(byName.get("run").cumulative().errorCount()).isEqualTo(1);
        assertThat(byName.get("agent").cumulative().tokens().total()).isEqualTo(1220);
        assertThat(byName.get("tool").cumulative().tokens().total()).isEqualTo(110);
        assertThat(byName.get("llm-in-tool").span().ownTokens().total()).isEqualTo(110);
        assertThat(byName.get("llm-in-tool").span().attributes()).containsEntry("llm.model_name", "gpt-4o-mini");
        // platform-key tokens only, each span counted once even when its batch is retried
        assertThat(ledger.platformTokens(org)).isEqualTo(120);
    }

    @Test
    void listsRootsNewestFirstWithFiltersAndCursor() {
        Instant base = Instant.parse("2025-01-01T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            store.write(List.of(SpanFixtures.span(
                    scope,
                    TraceId.random(),
                    SpanId.random(),
                    null,
                    "run " + i,
                    SpanKind.CHAIN,
                    base.plusSeconds(i),
                    Duration.ofSeconds(1),
                    10,
                    1,
                    false,
                    i == 3 ? SpanStatus.error("x") : SpanStatus.OK)));
        }
        List<StoredSpan> page1 = reads.roots(project, TraceFilter.ALL, 2, Optional.empty());
        assertThat(page1).extracting(s -> s.span().name()).containsExactly("run 4", "run 3");
        Span last = page1.get(1).span();
        List<StoredSpan> page2 = reads.roots(
                project,
                TraceFilter.ALL,
                2,
                Optional.of(new io.draftnrun.application.trace.port.TraceReadModel.RootPosition(
                        last.start(), last.spanId().value())));
        assertThat(page2).extracting(s -> s.span().name()).containsExactly("run 2", "run 1");
        TraceFilter errors = new TraceFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.of("production"),
                Optional.of(SpanStatus.Code.ERROR),
                Optional.of("OF RUN 3"));
        assertThat(reads.roots(project, errors, 10, Optional.empty()))
                .extracting(s -> s.span().name())
                .containsExactly("run 3");
        assertThat(reads.rootSamples(project, base, base.plusSeconds(3))).hasSize(3);
        assertThat(reads.tokenSamples(project, base, base.plusSeconds(60)))
                .hasSize(5)
                .allSatisfy(s -> assertThat(s.tokens().total()).isEqualTo(11));
    }

    @Test
    void withTheTracesDatabaseStoppedRunsAreNotBlockedAndTheLossIsCountedAndLoggedOnce() throws Exception {
        EmbeddedPostgres own = EmbeddedPostgres.builder().start();
        PostgresDatabase ownDb = database(own);
        ownDb.migrate();
        List<LogRecord> logs = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logs.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger(AsyncSpanWriter.class.getName());
        jul.addHandler(handler);
        try (AsyncSpanWriter writer = new AsyncSpanWriter(
                new JooqSpanStore(ownDb.dsl()),
                Metrics.NOOP,
                new AsyncSpanWriter.Settings(1_000, 100, Duration.ofMillis(20), Duration.ofSeconds(1)))) {
            Tracer tracer = new Tracer(writer);
            traceRun(tracer);
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.written() == 3);

            own.close(); // the traces database goes away
            // that recording never waits on the store is AsyncSpanWriterTest's (a store blocked on a latch)
            for (int i = 0; i < 200; i++) {
                traceRun(tracer);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.pending() == 0 && writer.dropped() == 600);
            long errorLines = logs.stream()
                    .filter(r -> r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .count();
            assertThat(errorLines).isEqualTo(1);
            assertThat(writer.written()).isEqualTo(3);
        } finally {
            jul.removeHandler(handler);
            ownDb.close();
        }
    }

    StoredSpan stored(TraceId t, String name) {
        return reads.trace(t).stream()
                .filter(s -> s.span().name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void storesTheCumulativesComputedByTheTracerWithoutRecomputingThem() {
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        try (SpanHandle run = tracer.startTrace(scope, "run", SpanKind.CHAIN)) {
            try (SpanHandle node = run.child("node", SpanKind.AGENT)) {
                node.child("llm", SpanKind.LLM)
                        .llm("openai", "m", false)
                        .tokens(100, 10)
                        .end();
                node.child("dropped-llm", SpanKind.LLM).tokens(1_000, 100).end();
            }
        }
        TraceId t = sink.named("run").traceId();
        // the writer dropped "dropped-llm" (buffer full): the tracer's figures still count its tokens, which the
        // roll-up query over the stored rows could not: the stored values show the query did not run
        store.write(sink.spans().stream()
                .filter(s -> !s.name().equals("dropped-llm"))
                .toList());
        assertThat(stored(t, "run").cumulative()).isEqualTo(new Rollup(new TokenCounts(1_100, 110), 0));
        assertThat(stored(t, "node").cumulative().tokens().total()).isEqualTo(1_210);
        assertThat(stored(t, "llm").cumulative().tokens().total()).isEqualTo(110);
    }

    @Test
    void aLateChildIsRolledUpByTheStoreWhicheverBatchItArrivesIn() {
        for (int split = 0; split <= 4; split++) { // where the writer cut the batches
            CollectingSpanSink sink = new CollectingSpanSink();
            Tracer tracer = new Tracer(sink);
            SpanHandle run = tracer.startTrace(scope, "run", SpanKind.CHAIN);
            SpanHandle node = run.child("node", SpanKind.AGENT);
            node.child("early", SpanKind.LLM).tokens(5, 5).end();
            SpanHandle late = node.child("late", SpanKind.TOOL);
            node.end();
            late.child("late-llm", SpanKind.LLM).tokens(20, 2).end();
            late.fail("late failure");
            run.child("answer", SpanKind.LLM).tokens(1, 1).end();
            run.end();
            List<Span> spans = sink.spans();
            assertThat(spans)
                    .extracting(Span::name)
                    .containsExactly("early", "node", "late-llm", "late", "answer", "run");
            store.write(spans.subList(0, split));
            store.write(spans.subList(split, spans.size()));

            TraceId t = run.context().traceId();
            assertThat(stored(t, "run").cumulative())
                    .as("split at %d", split)
                    .isEqualTo(new Rollup(new TokenCounts(26, 8), 1));
            assertThat(stored(t, "node").cumulative()).isEqualTo(new Rollup(new TokenCounts(25, 7), 1));
            assertThat(stored(t, "late").cumulative()).isEqualTo(new Rollup(new TokenCounts(20, 2), 1));
        }
    }

    @Test
    void textWithQuotesCommasLineBreaksBackslashesAndUnicodeIsStoredAsWritten() {
        String awkward = "say \"hi\", then\r\nleave\t\\N \\ ,,\"\" é 😀 \\t\t\\\\ \\. \\u0041 \u2028 ";
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        try (SpanHandle run =
                tracer.startTrace(scope, "run " + awkward, SpanKind.CHAIN).input(awkward)) {
            run.child("", SpanKind.TOOL).input("").fail(awkward);
            run.output(awkward);
        }
        store.write(sink.spans());
        TraceId t = sink.spans().getFirst().traceId();
        StoredSpan root = stored(t, "run " + awkward);
        assertThat(root.span().attributes())
                .containsEntry(SpanAttributes.INPUT_VALUE, awkward)
                .containsEntry(SpanAttributes.OUTPUT_VALUE, awkward);
        assertThat(root.span().parentId()).isEmpty();
        assertThat(root.span().start()).isEqualTo(sink.spans().getLast().start().truncatedTo(ChronoUnit.MICROS));
        StoredSpan tool = stored(t, "");
        assertThat(tool.span().status()).isEqualTo(SpanStatus.error(awkward));
        assertThat(tool.span().parentId()).contains(root.span().spanId());
        assertThat(root.cumulative().errorCount()).isEqualTo(1);
    }

    @Test
    void textThatIsExactlyTheNullMarkerOrAnEscapeIsStoredAsTextNotAsNullOrItsMeaning() {
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        TraceScope tabbed = TraceScope.ofRun(project, org, "pro\tduction\\N", UUID.randomUUID());
        try (SpanHandle run = tracer.startTrace(tabbed, "\\N", SpanKind.CHAIN).input("\\N")) {
            run.set("tab\tkey", "\\t")
                    .event("retrieved", Map.of("doc", "a\tb\\nc\r\nd"))
                    .fail("\\N");
        }
        store.write(sink.spans());
        StoredSpan root = stored(sink.spans().getFirst().traceId(), "\\N");
        assertThat(root.span().attributes())
                .containsEntry(SpanAttributes.INPUT_VALUE, "\\N")
                .containsEntry("tab\tkey", "\\t");
        assertThat(root.span().status()).isEqualTo(SpanStatus.error("\\N"));
        assertThat(root.span().scope().environment()).isEqualTo("pro\tduction\\N");
        assertThat(root.span().events())
                .extracting(e -> e.attributes().get("doc"))
                .contains("a\tb\\nc\r\nd");
    }

    @Test
    void aNulCharacterBecomesAReplacementCharacterInsteadOfFailingTheBatch() {
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        try (SpanHandle run = tracer.startTrace(scope, "nul\u0000name", SpanKind.CHAIN)
                .input("in\u0000put")
                .set("k\u0000ey", List.of("a\u0000"))) {
            run.child("fine", SpanKind.TOOL).input("ok").fail("bad\u0000message");
        }
        store.write(sink.spans());
        TraceId t = sink.spans().getFirst().traceId();
        assertThat(reads.trace(t)).hasSize(2);
        StoredSpan root = stored(t, "nul\uFFFDname");
        assertThat(root.span().attributes())
                .containsEntry(SpanAttributes.INPUT_VALUE, "in\uFFFDput")
                .containsEntry("k\uFFFDey", List.of("a\uFFFD"));
        assertThat(stored(t, "fine").span().status()).isEqualTo(SpanStatus.error("bad\uFFFDmessage"));
        // the search reads input.value as text: it would fail on a JSON \\u0000
        TraceFilter search = new TraceFilter(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("put"));
        assertThat(reads.roots(project, search, 10, Optional.empty()))
                .extracting(s -> s.span().name())
                .contains("nul\uFFFDname");
    }

    @Test
    void attributeValuesOfEveryJsonShapeAreStoredAndAnUnserialisableOneTurnsTheSpansAttributesIntoText() {
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        Map<String, Object> nested = new java.util.LinkedHashMap<>();
        nested.put("score", 0.5);
        nested.put("rank", 3);
        nested.put("tags", List.of("a", true, 2L));
        nested.put("by id", Map.of(7, "seven"));
        try (SpanHandle run = tracer.startTrace(scope, "shapes", SpanKind.CHAIN)) {
            run.set("nested", nested).set("ratio", 1.25).set("count", 4);
            run.child("odd", SpanKind.TOOL)
                    .set("thing", new Object() {
                        @Override
                        public String toString() {
                            return "a thing";
                        }
                    })
                    .set("n", 1)
                    .end();
        }
        store.write(sink.spans());
        TraceId t = sink.spans().getFirst().traceId();
        assertThat(stored(t, "shapes").span().attributes())
                .containsEntry("ratio", 1.25)
                .containsEntry("count", 4)
                .containsEntry(
                        "nested",
                        Map.of("score", 0.5, "rank", 3, "tags", List.of("a", true, 2), "by id", Map.of("7", "seven")));
        assertThat(stored(t, "odd").span().attributes())
                .containsEntry("thing", "a thing")
                .containsEntry("n", "1");
    }

    @Test
    void twoTracesMayHoldTheSameSpanIdAndEachKeepsItsOwnTreeAndRollups() {
        TraceId first = TraceId.random(), second = TraceId.random();
        SpanId root = SpanId.random(), child = SpanId.random();
        store.write(List.of(
                span(first, child, root, "first-child", SpanKind.LLM, 10, 1, false),
                span(first, root, null, "first-root", SpanKind.CHAIN, 0, 0, false)));
        store.write(List.of(span(second, child, root, "second-child", SpanKind.LLM, 200, 20, true)));
        store.write(List.of(span(second, root, null, "second-root", SpanKind.CHAIN, 0, 0, false)));
        // a late child of the second trace: the store's roll-up must stay within that trace
        store.write(List.of(span(second, SpanId.random(), root, "failing-late", SpanKind.TOOL, 3, 3, false)));
        // a retry of the second trace's child counts its platform tokens once
        store.write(List.of(span(second, child, root, "second-child", SpanKind.LLM, 200, 20, true)));

        assertThat(reads.trace(first))
                .extracting(s -> s.span().name())
                .containsExactlyInAnyOrder("first-root", "first-child");
        assertThat(reads.trace(second))
                .extracting(s -> s.span().name())
                .containsExactlyInAnyOrder("second-root", "second-child", "failing-late");
        assertThat(stored(first, "first-root").cumulative()).isEqualTo(new Rollup(new TokenCounts(10, 1), 0));
        assertThat(stored(second, "second-root").cumulative()).isEqualTo(new Rollup(new TokenCounts(203, 23), 1));
        assertThat(ledger.platformTokens(org)).isEqualTo(220);
    }

    @Test
    void aRetriedBatchOfTracerSpansDoesNotCountPlatformUsageTwice() {
        OrganizationId own = new OrganizationId(UUID.randomUUID());
        TraceScope ownScope = TraceScope.ofRun(project, own, "production", UUID.randomUUID());
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        try (SpanHandle run = tracer.startTrace(ownScope, "run", SpanKind.CHAIN)) {
            run.child("platform", SpanKind.LLM)
                    .llm("openai", "m", true)
                    .tokens(30, 12)
                    .end();
            run.child("own-key", SpanKind.LLM)
                    .llm("openai", "m", false)
                    .tokens(500, 500)
                    .end();
        }
        List<Span> batch = sink.spans();
        store.write(batch);
        store.write(batch); // the writer retried after a timeout that had in fact committed
        List<Span> twiceInOneBatch = new java.util.ArrayList<>(batch);
        twiceInOneBatch.addAll(batch);
        store.write(twiceInOneBatch);
        assertThat(ledger.platformTokens(own)).isEqualTo(42);
        assertThat(reads.trace(batch.getFirst().traceId())).hasSize(3);
    }

    @Test
    void oneBatchAddsTheUsageOfEachOrganizationToItsOwnTotal() {
        OrganizationId first = new OrganizationId(UUID.randomUUID());
        OrganizationId second = new OrganizationId(UUID.randomUUID());
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        for (OrganizationId org : List.of(second, first, second)) {
            try (SpanHandle run = tracer.startTrace(
                    TraceScope.ofRun(UUID.randomUUID(), org, "draft", UUID.randomUUID()), "run", SpanKind.CHAIN)) {
                run.child("llm", SpanKind.LLM)
                        .llm("openai", "m", true)
                        .tokens(10, 5)
                        .end();
            }
        }

        store.write(sink.spans());
        store.write(sink.spans()); // retried: counted once

        assertThat(ledger.platformTokens(first)).isEqualTo(15);
        assertThat(ledger.platformTokens(second)).isEqualTo(30);
    }

    @Test
    void aBatchLargerThanOnePieceOfTheCopyIsStoredWholeAndARetriedOneOnce() {
        OrganizationId own = new OrganizationId(UUID.randomUUID());
        UUID ownProject = UUID.randomUUID();
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        String text = "é\t\\".repeat(300); // escaped and multi-byte: well over a piece for the whole batch
        int runs = 300;
        for (int i = 0; i < runs; i++) {
            try (SpanHandle run = tracer.startTrace(
                    TraceScope.ofRun(ownProject, own, "draft", UUID.randomUUID()), "run " + i, SpanKind.CHAIN)) {
                run.set("text", text);
                run.child("llm", SpanKind.LLM)
                        .llm("openai", "m", true)
                        .tokens(2, 1)
                        .end();
            }
        }
        List<Span> batch = sink.spans();
        assertThat(batch).hasSize(runs * 2);

        store.write(batch); // 600 spans of about 1 KB: sent in pieces of CopyText.SEND_AT bytes
        store.write(batch); // retried after it was stored: the COPY fails on a later piece, then nothing is doubled

        assertThat(ledger.platformTokens(own)).isEqualTo(runs * 3L);
        assertThat(reads.rootSamples(ownProject, Instant.EPOCH, Instant.now().plusSeconds(60)))
                .hasSize(runs)
                .allSatisfy(r -> assertThat(r.cumulativeTokens()).isEqualTo(new TokenCounts(2, 1)));
        Span first =
                batch.stream().filter(sp -> sp.parentId().isEmpty()).findFirst().orElseThrow();
        assertThat(reads.trace(first.traceId()))
                .hasSize(2)
                .anySatisfy(sp -> assertThat(sp.span().attributes()).containsEntry("text", text));
    }

    @Test
    void noSpanIsDroppedWhen2000SpansPerSecondAreOfferedForFourSeconds() {
        OrganizationId own = new OrganizationId(UUID.randomUUID());
        UUID ownProject = UUID.randomUUID();
        TraceScope loadScope = TraceScope.ofRun(ownProject, own, "production", UUID.randomUUID());
        int runsPerSecond = 500; // 4 spans each
        int runs = runsPerSecond * 4;
        // a buffer of half a second of load: the writer has to keep up, not just absorb the burst
        AsyncSpanWriter writer = new AsyncSpanWriter(
                store,
                Metrics.NOOP,
                new AsyncSpanWriter.Settings(
                        1_000, 500, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(50)));
        Tracer tracer = new Tracer(writer);
        long period = 1_000_000_000L / runsPerSecond;
        long started = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long wait = started + i * period - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing of the offered load
            }
            try (SpanHandle run = tracer.startTrace(loadScope, "GraphRunner", SpanKind.CHAIN)) {
                run.child("Input", SpanKind.CHAIN).end();
                try (SpanHandle node = run.child("LLM Call", SpanKind.LLM)) {
                    node.child("llm", SpanKind.LLM)
                            .llm("openai", "m", true)
                            .tokens(2, 1)
                            .end();
                }
            }
        }
        writer.close(Duration.ofSeconds(60));
        assertThat(writer.dropped()).isZero();
        assertThat(writer.written()).isEqualTo(runs * 4L);
        assertThat(ledger.platformTokens(own)).isEqualTo(runs * 3L);
        assertThat(reads.rootSamples(ownProject, Instant.EPOCH, Instant.now().plusSeconds(60)))
                .hasSize(runs)
                .allSatisfy(r -> assertThat(r.cumulativeTokens()).isEqualTo(new TokenCounts(2, 1)));
    }

    private void traceRun(Tracer tracer) {
        try (SpanHandle run = tracer.startTrace(scope, "run", SpanKind.CHAIN)) {
            try (SpanHandle agent = run.child("agent", SpanKind.AGENT)) {
                agent.child("llm", SpanKind.LLM)
                        .llm("openai", "gpt", true)
                        .tokens(1, 1)
                        .end();
            }
        }
    }
}
