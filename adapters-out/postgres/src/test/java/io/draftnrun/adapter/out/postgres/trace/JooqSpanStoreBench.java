package io.draftnrun.adapter.out.postgres.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.postgres.PostgresDatabase;
import io.draftnrun.adapter.out.postgres.PostgresUrl;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.application.trace.CollectingSpanSink;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.application.trace.port.SpanStore;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (not run by default: select it with {@code -Dtest=JooqSpanStoreBench}) of the traces database side of
 * tracing, on embedded PostgreSQL: the span-row store of migration V2_3 ({@link SpanRowStore}: one row per span, in a
 * schema migrated to 2.3) against {@link JooqSpanStore} (one row per trace and batch, V2_4), at paced rates of runs of
 * 4 spans (GraphRunner, Input, LLM Call, its LLM span) through the asynchronous writer, then the raw capacity of each
 * store fed batches of 500. Reports spans written and dropped, and the CPU the PostgreSQL processes used per span
 * (from /proc), as ratios to the baseline measured in the same run. Run:
 * {@code ./mvnw -B -ntp -pl adapters-out/postgres -am verify -Dtest=JooqSpanStoreBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true}.
 */
class JooqSpanStoreBench {
    static final TraceScope SCOPE =
            TraceScope.ofRun(UUID.randomUUID(), new OrganizationId(UUID.randomUUID()), "draft", UUID.randomUUID());

    record Row(
            String name,
            long offered,
            long written,
            long dropped,
            double seconds,
            double pgCpuMs,
            double jvmWriteMs,
            double jvmBuildMs) {
        Row(String name, long offered, long written, long dropped, double seconds, double pgCpuMs) {
            this(name, offered, written, dropped, seconds, pgCpuMs, Double.NaN, Double.NaN);
        }

        double cpuMicrosPerSpan() {
            return written == 0 ? Double.NaN : pgCpuMs * 1000 / written;
        }
    }

    @Test
    void bench() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 4);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                PostgresDatabase db = JooqTraceStoreIT.database(pg);
                PostgresDatabase beforeDb = at23(pg)) {
            db.migrate();
            PgCpu cpu = PgCpu.of(db);
            SpanStore before = new SpanRowStore(beforeDb.dsl());
            SpanStore after = new JooqSpanStore(db.dsl());
            AsyncSpanWriter.Settings linger = AsyncSpanWriter.Settings.DEFAULTS;
            // warm-up of both stores and of the JIT
            paced("warm-up", before, linger, 250, 1, cpu);
            paced("warm-up", after, linger, 250, 1, cpu);

            List<Row> rows = new ArrayList<>();
            for (int runsPerSecond : new int[] {250, 500}) {
                rows.add(paced("before: span rows (V2_3), linger 50 ms", before, linger, runsPerSecond, seconds, cpu));
                rows.add(paced("after: trace rows (V2_4), linger 50 ms", after, linger, runsPerSecond, seconds, cpu));
            }
            rows.add(capacity("capacity before: span rows, batches of 500", before, 20_000, cpu));
            rows.add(capacity("capacity after: trace rows, batches of 500", after, 20_000, cpu));
            print(rows);
            assertThat(rows).allSatisfy(r -> assertThat(r.written()).isPositive());
        }
    }

    /** A schema {@code before} of the same database migrated to 2.3 (table {@code spans}), and a pool on it. */
    static PostgresDatabase at23(EmbeddedPostgres pg) {
        Flyway.configure()
                .dataSource(pg.getPostgresDatabase())
                .schemas("before")
                .locations("classpath:db/traces")
                .target("2.3")
                .load()
                .migrate();
        return new PostgresDatabase(
                "traces",
                new PostgresUrl(
                        "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?currentSchema=before",
                        "postgres",
                        ""),
                4);
    }

    /**
     * Capacity of the span store before and after issue 8's third step, in alternating rounds on one PostgreSQL:
     * before = {@link SpanRowStore} (one row per span, COPY in text) into a schema migrated to 2.3; after =
     * {@link JooqSpanStore} (one row per trace and batch) into the current table. Both are first filled with
     * {@code bench.prefill} spans (before: as many rows; after: a row per 4 spans). Reports, per span, the CPU of the
     * PostgreSQL processes, of the writing thread in this JVM (serialisation and JDBC) and of building the spans
     * with the tracer. Run with {@code -Dtest=JooqSpanStoreBench#capacityBeforeAfter}.
     */
    @Test
    void capacityBeforeAfter() throws Exception {
        int spans = Integer.getInteger("bench.spans", 20_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int prefill = Integer.getInteger("bench.prefill", 200_000);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                PostgresDatabase db = JooqTraceStoreIT.database(pg);
                PostgresDatabase beforeDb = at23(pg)) {
            db.migrate();
            String traceId = "lpad(to_hex((extract(epoch FROM now()) * 1000)::bigint - %d + g), 12, '0')"
                    + " || substr(md5(g::text || 't'), 1, 20)";
            db.dsl().execute("""
                    INSERT INTO before.spans (trace_rowid, span_id, parent_id, name, span_kind, start_time, end_time,
                                              attributes, events, status_code, project_id, organization_id,
                                              environment, run_id)
                    SELECT %s, substr(md5(g::text || 's'), 1, 16), NULL, 'GraphRunner', 'CHAIN', now(), now(),
                           '{"input.value": "question"}', '[]', 'OK', gen_random_uuid(), gen_random_uuid(), 'draft',
                           gen_random_uuid()
                    FROM generate_series(1, %d) g
                    """.formatted(traceId.formatted(prefill), prefill));
            db.dsl().execute("""
                    INSERT INTO public.trace_chunks (trace_rowid, chunk_id, project_id, organization_id, environment,
                                                     run_id, spans, root_span_id, start_time, end_time, name,
                                                     status_code, cumulative_error_count,
                                                     cumulative_llm_token_count_prompt,
                                                     cumulative_llm_token_count_completion)
                    SELECT %s, substr(md5(g::text || 's'), 1, 16), gen_random_uuid(), gen_random_uuid(), 'draft',
                           gen_random_uuid(), json_build_array(
                               json_build_object('id', substr(md5(g::text || 's'), 1, 16), 'name', 'GraphRunner',
                                                 'attributes', json_build_object('input.value', 'question')),
                               json_build_object('id', substr(md5(g::text || 'a'), 1, 16), 'name', 'Input'),
                               json_build_object('id', substr(md5(g::text || 'b'), 1, 16), 'name', 'LLM Call'),
                               json_build_object('id', substr(md5(g::text || 'c'), 1, 16), 'name', 'llm',
                                                 'p', 12, 'c', 30)),
                           substr(md5(g::text || 's'), 1, 16), now(), now(), 'GraphRunner', 'OK', 0, 12, 30
                    FROM generate_series(1, %d) g
                    """.formatted(traceId.formatted(prefill / 4), prefill / 4));
            db.dsl().execute("VACUUM ANALYZE before.spans");
            db.dsl().execute("VACUUM ANALYZE public.trace_chunks");
            PgCpu cpu = PgCpu.of(db);
            SpanStore before = new SpanRowStore(beforeDb.dsl());
            SpanStore after = new JooqSpanStore(db.dsl());
            capacity("warm-up", before, false, 4_000, cpu);
            capacity("warm-up", after, false, 4_000, cpu);
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                rows.add(capacity("before " + r, before, false, spans, cpu));
                rows.add(capacity("after " + r, after, false, spans, cpu));
            }
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %8s %10s %14s %14s %14s%n",
                    "round",
                    "spans",
                    "spans/s",
                    "pg µs/span",
                    "write µs/span",
                    "build µs/span");
            for (Row r : rows) {
                System.out.printf(
                        Locale.ROOT,
                        "%-10s %8d %10.0f %14.2f %14.2f %14.2f%n",
                        r.name(),
                        r.written(),
                        r.written() / r.seconds(),
                        r.cpuMicrosPerSpan(),
                        r.jvmWriteMs() * 1000 / r.written(),
                        r.jvmBuildMs() * 1000 / r.written());
            }
            assertThat(rows).allSatisfy(r -> assertThat(r.written()).isPositive());
        }
    }

    private static Row capacity(String name, SpanStore store, boolean randomTraceIds, int runs, PgCpu cpu) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Span> spans = new ArrayList<>(runs); // not CollectingSpanSink: its copy-on-write list would be measured
        Tracer tracer = new Tracer(spans::add);
        long buildStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < runs / 4; i++) {
            traceRun(tracer, randomTraceIds ? randomTraceId() : TraceId.random());
        }
        double buildMs = (threads.getCurrentThreadCpuTime() - buildStart) / 1e6;
        double cpuBefore = cpu.millis();
        long writeStart = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        for (int i = 0; i < spans.size(); i += 500) {
            store.write(spans.subList(i, Math.min(spans.size(), i + 500)));
        }
        double wall = (System.nanoTime() - started) / 1e9;
        double writeMs = (threads.getCurrentThreadCpuTime() - writeStart) / 1e6;
        return new Row(name, spans.size(), spans.size(), 0, wall, cpu.millis() - cpuBefore, writeMs, buildMs);
    }

    /** A trace id as random as before time-ordered ids. */
    private static TraceId randomTraceId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[15] |= 1;
        return new TraceId(HexFormat.of().formatHex(bytes));
    }

    private static Row paced(
            String name, SpanStore store, AsyncSpanWriter.Settings settings, int runsPerSecond, int seconds, PgCpu cpu)
            throws Exception {
        long runs = (long) runsPerSecond * seconds;
        double cpuBefore = cpu.millis();
        long started = System.nanoTime();
        AsyncSpanWriter writer = new AsyncSpanWriter(store, Metrics.NOOP, settings);
        Tracer tracer = new Tracer(writer);
        long period = 1_000_000_000L / runsPerSecond;
        for (long i = 0; i < runs; i++) {
            long wait = started + i * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing of the load, not a synchronisation
            }
            traceRun(tracer);
        }
        writer.close(Duration.ofSeconds(60));
        double wall = (System.nanoTime() - started) / 1e9;
        return new Row(
                name + " @ " + runsPerSecond * 4 + " spans/s",
                runs * 4,
                writer.written(),
                writer.dropped(),
                wall,
                cpu.millis() - cpuBefore);
    }

    private static Row capacity(String name, SpanStore store, int runs, PgCpu cpu) {
        CollectingSpanSink sink = new CollectingSpanSink();
        Tracer tracer = new Tracer(sink);
        for (int i = 0; i < runs / 4; i++) {
            traceRun(tracer);
        }
        List<Span> spans = sink.spans();
        double cpuBefore = cpu.millis();
        long started = System.nanoTime();
        for (int i = 0; i < spans.size(); i += 500) {
            store.write(spans.subList(i, Math.min(spans.size(), i + 500)));
        }
        double wall = (System.nanoTime() - started) / 1e9;
        return new Row(name, spans.size(), spans.size(), 0, wall, cpu.millis() - cpuBefore);
    }

    /** A REST run of Input then LLM Call: the root, two node spans and the LLM call span. */
    static void traceRun(Tracer tracer) {
        traceRun(tracer, TraceId.random());
    }

    static void traceRun(Tracer tracer, TraceId traceId) {
        try (SpanHandle run =
                tracer.startTrace(SCOPE, traceId, "GraphRunner", SpanKind.CHAIN).input("{\"messages\":[]}")) {
            run.child("Input", SpanKind.CHAIN)
                    .input("question")
                    .output("question")
                    .end();
            try (SpanHandle node = run.child("LLM Call", SpanKind.LLM).input("question")) {
                node.child("chat gpt-4o-mini", SpanKind.LLM)
                        .llm("openai", "gpt-4o-mini", true)
                        .inputMessages(List.of(java.util.Map.of("role", "user", "content", "question")))
                        .outputMessages(List.of(java.util.Map.of("role", "assistant", "content", "answer")))
                        .tokens(12, 30)
                        .end();
                node.output("answer");
            }
            run.output("answer");
        }
    }

    private static void print(List<Row> rows) {
        Row base = null;
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "%-62s %8s %8s %8s %10s %12s %12s%n",
                "scenario",
                "offered",
                "written",
                "dropped",
                "spans/s",
                "pg µs/span",
                "vs before");
        for (Row r : rows) {
            if (r.name().startsWith("before") || r.name().startsWith("capacity before")) {
                base = r;
            }
            double ratio = base == null ? Double.NaN : r.cpuMicrosPerSpan() / base.cpuMicrosPerSpan();
            System.out.printf(
                    Locale.ROOT,
                    "%-62s %8d %8d %8d %10.0f %12.1f %11.2fx%n",
                    r.name(),
                    r.offered(),
                    r.written(),
                    r.dropped(),
                    r.written() / r.seconds(),
                    r.cpuMicrosPerSpan(),
                    ratio);
        }
        System.out.println("(vs before: PostgreSQL CPU per span relative to the 'before' row of the same rate)");
    }

    /** CPU time of the PostgreSQL postmaster and its children (backends, WAL writer...), from /proc. */
    record PgCpu(long postmaster, double msPerTick) {
        static PgCpu of(PostgresDatabase db) throws IOException {
            String dataDirectory = String.valueOf(db.dsl().fetchValue("SHOW data_directory"));
            long pid = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid"))
                    .getFirst()
                    .trim());
            return new PgCpu(pid, 10.0); // USER_HZ is 100 on Linux
        }

        double millis() {
            long ticks = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        // after "pid (comm) ": state=0 ppid=1 ... utime=11 stime=12
                        long pid = Long.parseLong(name);
                        long ppid = Long.parseLong(f[1]);
                        if (pid == postmaster || ppid == postmaster) {
                            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                        if (pid == postmaster) { // children that exited (autovacuum workers...): cutime, cstime
                            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                        }
                    } catch (IOException | RuntimeException e) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException e) {
                return Double.NaN;
            }
            return ticks * msPerTick;
        }
    }
}
