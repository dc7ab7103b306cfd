// Benchmark of the run engine (make bench). Run with: java scripts/Bench.java <java-binary> <jar> <stub.mjs>
// Starts the OpenAI stub (node) and the server (dev mode, a fresh data directory, ADMIN_USERNAME/ADMIN_PASSWORD set),
// signs in as that admin and sets everything up through the API as a client would (an organization, two projects with
// their draft graphs saved: Input -> LLM Call, and Input -> four LLM Calls; an API key each), then measures runs
// through REST and GraphQL at concurrency 1, 16 and 64 (and the OpenAI-compatible /v1/chat/completions at 1 and 64)
// next to the same requests sent straight to the stub, the
// four-branch fan-out with 100 ms of stub latency, the server's CPU per run, its resident memory idle, after 10,000
// runs and after settling, and the tracing overhead: two fresh servers, TRACING_ENABLED=true and false, the same
// warm-up each, then the same REST load in alternating rounds. BENCH_SECTION=tracing runs only that last part.

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class Bench {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    static final String ADMIN = "admin@example.com";
    static final String PASSWORD = "bench-admin-password";
    static final String INPUT = "01357c0b-bc99-44ce-a435-995acc5e2544";
    static final String LLM_CALL = "7a039611-49b3-4bfd-b09b-c0f93edf3b79";
    static String TOKEN;
    static String KEY;
    static String FAN_KEY;
    static String SINGLE;
    static String FANOUT;
    static final List<String> ROWS = new ArrayList<>();
    static Process server;
    static Process stub;
    static int STUB_PORT;
    static Process untraced;
    static final int WARM_UP_RUNS = 4 * 2 * (250 + 1000 + 1500);

    public static void main(String[] args) throws Exception {
        String java = args[0];
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path stubScript = Path.of(args[2]).toAbsolutePath();
        int stubPort = freePort();
        int port = freePort();
        Path work = Files.createTempDirectory("draftnrun-bench");
        WORK = work; // deleted at exit (its databases take close to 1 GB), unless BENCH_KEEP=true
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopAll));

        stub = startStub(stubScript, stubPort, 0);
        STUB_PORT = stubPort;
        if ("tracing".equals(System.getenv("BENCH_SECTION"))) { // only the tracing overhead row
            tracingOverhead(java, jar, work);
            stopAll();
            System.exit(0);
        }
        // BENCH_TRACING=false: the serve section's server without the span writer (to profile the difference)
        server = startServer(java, jar, work.resolve("traced"), port, stubPort,
                !"false".equals(System.getenv("BENCH_TRACING")));
        String base = "http://127.0.0.1:" + port;
        long idleRss = rssKb(server.pid());
        setUp(base);
        System.out.printf("server up (pid %d, log %s), stub on %d%n", server.pid(), work.resolve("traced/server.log"),
                stubPort);
        if ("serve".equals(System.getenv("BENCH_SECTION"))) { // set up, then leave it running for a profiler
            System.out.printf("BASE=%s PROJECT=%s KEY=%s TOKEN=%s%n", base, SINGLE, KEY, TOKEN);
            Thread.sleep(Long.MAX_VALUE);
        }

        String stubUrl = "http://127.0.0.1:" + stubPort + "/v1/chat/completions";
        Load direct = () -> post(stubUrl, Map.of("Content-Type", "application/json"),
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "[DONE]");
        Load rest = () -> post(base + "/projects/" + SINGLE + "/draft/run",
                Map.of("Content-Type", "application/json", "X-API-Key", KEY),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "\"pong\"");
        // the OpenAI-compatible endpoint (ADR 0020) on the same project and key, not streamed
        Load openai = () -> post(base + "/v1/chat/completions",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + KEY),
                "{\"model\":\"" + SINGLE + "@draft\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}",
                "\"pong\"");
        Load graphql = () -> post(base + "/graphql",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN),
                "{\"query\":\"mutation($p: ID!) { runProject(projectId: $p, environment: DRAFT, input: "
                        + "{messages: [{role: \\\"user\\\", content: \\\"ping\\\"}]}) { status message } }\","
                        + "\"variables\":{\"p\":\"" + SINGLE + "\"}}", "\"pong\"");

        // long enough for the JIT to settle (its compilations are a one-time cost, not a cost per run), at every
        // concurrency measured: each takes paths of its own (idle queues at 1, batches at 64) the JIT compiles anew
        System.out.printf("warming up (%,d runs)...%n", WARM_UP_RUNS);
        for (int i = 0; i < 4; i++) {
            for (int[] step : new int[][] {{1, 250}, {16, 1000}, {64, 1500}}) {
                run(rest, step[0], step[1]);
                run(graphql, step[0], step[1]);
                if (step[0] != 16) {
                    run(openai, step[0], step[1] / 2);
                }
            }
        }
        run(direct, 16, 1000);

        System.out.printf("%n%-34s %6s %8s %10s %10s %10s %10s%n", "load", "conc.", "runs", "runs/s", "p50 ms", "p99 ms",
                "server CPU ms/run");
        measured = server;
        long runsBefore = 0;
        long cpuBefore = cpuTicks(server.pid());
        Map<String, Long> othersBefore = cpuTicksByName(List.of("postgres", "redis-server", "node"));
        long totalRuns = 0;
        int[][] plan = {{1, 2000}, {16, 3000}, {64, 5000}};
        boolean restOnly = "rest".equals(System.getenv("BENCH_SECTION")); // quick: REST and the stub only
        for (int[] step : plan) {
            Result d;
            Result r;
            Result g;
            Result o = null; // the OpenAI-compatible row, at concurrency 1 and 64
            if (step[0] == 1) {
                // sequential latency, the figure most sensitive to this shared machine's slow moments: four rounds
                // alternate the stub, REST and GraphQL so that such a moment falls on all three alike
                List<Result> ds = new ArrayList<>(), rs = new ArrayList<>(), gs = new ArrayList<>();
                List<Result> os = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    ds.add(run(direct, 1, step[1] / 4));
                    rs.add(run(rest, 1, step[1] / 4));
                    os.add(run(openai, 1, step[1] / 4));
                    if (!restOnly) {
                        gs.add(run(graphql, 1, step[1] / 4));
                    }
                }
                d = Result.of(ds);
                r = Result.of(rs);
                o = Result.of(os);
                g = restOnly ? null : Result.of(gs);
            } else {
                d = run(direct, step[0], step[1]);
                r = run(rest, step[0], step[1]);
                if (step[0] == 64) {
                    o = run(openai, step[0], step[1]);
                }
                g = restOnly ? null : run(graphql, step[0], step[1]);
            }
            totalRuns += (restOnly ? 1L : 2L) * step[1] + (o == null ? 0 : step[1]);
            print("stub directly (streamed)", step[0], d);
            print("REST /projects/{id}/draft/run", step[0], r);
            if (o != null) {
                print("OpenAI /v1/chat/completions", step[0], o);
            }
            if (restOnly) {
                System.out.printf("%-34s %6d %8s %10s %10.2f %10s%n", "  added p50 over the stub (REST)", step[0], "",
                        "", r.p50 - d.p50, "");
                continue;
            }
            print("GraphQL runProject", step[0], g);
            System.out.printf("%-34s %6d %8s %10s %10.2f %10s%n", "  added p50 over the stub (REST)", step[0], "", "",
                    r.p50 - d.p50, "");
            System.out.printf("%-34s %6d %8s %10s %10.2f %10s%n", "  added p50 over the stub (GraphQL)", step[0], "", "",
                    g.p50 - d.p50, "");
        }
        measured = null;
        long cpuAfter = cpuTicks(server.pid());
        Map<String, Long> othersAfter = cpuTicksByName(List.of("postgres", "redis-server", "node"));
        double cpuMsPerRun = (cpuAfter - cpuBefore) * 10.0 / totalRuns; // 100 ticks per second
        System.out.printf("%nserver CPU per run (REST + GraphQL + OpenAI, includes HTTP, tracing, persistence, events): %.2f ms%n",
                cpuMsPerRun);
        System.out.printf("the rest of the machine per run (same runs, every such process on the machine):"
                        + " PostgreSQL %.2f ms, Redis %.2f ms, the stub (node, direct calls included) %.2f ms%n",
                (othersAfter.get("postgres") - othersBefore.get("postgres")) * 10.0 / totalRuns,
                (othersAfter.get("redis-server") - othersBefore.get("redis-server")) * 10.0 / totalRuns,
                (othersAfter.get("node") - othersBefore.get("node")) * 10.0 / totalRuns);

        long serverRuns = WARM_UP_RUNS + totalRuns; // warm-up included
        int more = (int) Math.max(0, 10_000 - serverRuns);
        if (more > 0) {
            run(rest, 64, more);
            serverRuns += more;
        }
        long loadedRss = rssKb(server.pid());
        Thread.sleep(15_000); // let the heap settle (periodic GC, native heap trim: 5 s each) before measuring again
        long settledRss = rssKb(server.pid());
        if (restOnly) {
            System.out.printf("%nresident memory of the server: idle %d MB, after %d runs %d MB, 15 s later %d MB%n",
                    idleRss / 1024, serverRuns, loadedRss / 1024, settledRss / 1024);
            stopAll();
            System.exit(0);
        }

        // fan-out: the stub now answers after 100 ms; one branch vs four branches in parallel
        stub.destroy();
        stub.waitFor();
        stub = startStub(stubScript, stubPort, 100);
        Load oneBranch = rest;
        Load fourBranches = () -> post(base + "/projects/" + FANOUT + "/draft/run",
                Map.of("Content-Type", "application/json", "X-API-Key", FAN_KEY),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "Result from agent 4");
        run(oneBranch, 1, 3);
        Result one = run(oneBranch, 1, 20);
        Result four = run(fourBranches, 1, 20);
        System.out.printf("%nfan-out with 100 ms stub latency: one LLM Call p50 %.1f ms, four parallel LLM Calls p50 %.1f ms"
                + " (sequential would be ~%.0f ms)%n", one.p50, four.p50, 4 * one.p50);
        System.out.printf("%nresident memory of the server: idle %d MB, after %d runs %d MB, 15 s later %d MB%n",
                idleRss / 1024, serverRuns, loadedRss / 1024, settledRss / 1024);
        System.out.println("(the server process only: embedded PostgreSQL and Redis run in their own processes)");

        // tracing overhead, on two fresh servers (see tracingOverhead)
        stub.destroy();
        stub.waitFor();
        stub = startStub(stubScript, stubPort, 0);
        stopServer();
        server = null;
        tracingOverhead(java, jar, work);
        stopAll();
        System.exit(0);
    }

    /**
     * The tracing overhead: two fresh servers started side by side, TRACING_ENABLED=true and false, each set up the same
     * way and given the same warm-up (12,000 REST runs each, interleaved in rounds of 1,000 so both get JIT time
     * alike), then the same REST load sent to each in alternating rounds (which server goes first flips every round);
     * compared on throughput (the median rounds, and all rounds together), p50 and CPU per run.
     */
    /** Figures of one pair of servers: throughput overhead (all rounds), CPU overhead and direct cost, in %. */
    record PairFigures(double throughputPct, double cpuPct, double directPct) {}

    /**
     * The tracing overhead on {@link #TRACING_PAIRS} pairs of fresh servers: one pair of JVMs differs by several percent
     * on its own (JIT decisions), either way, so the verdict is the mean over the pairs.
     */
    static void tracingOverhead(String java, Path jar, Path work) throws Exception {
        List<PairFigures> pairs = new ArrayList<>();
        for (int pair = 1; pair <= TRACING_PAIRS; pair++) {
            pairs.add(tracingOverheadPair(java, jar, work.resolve("pair-" + pair), pair));
        }
        System.out.printf("%ntracing overhead over %d pairs of servers (mean): throughput %.1f %% (per pair: %s), CPU per"
                        + " run %.1f %%, direct cost %.1f %% (target: under 5 %% of throughput)%n",
                pairs.size(),
                pairs.stream().mapToDouble(PairFigures::throughputPct).average().orElse(Double.NaN),
                pairs.stream().map(f -> String.format("%.1f", f.throughputPct())).toList(),
                pairs.stream().mapToDouble(PairFigures::cpuPct).average().orElse(Double.NaN),
                pairs.stream().mapToDouble(PairFigures::directPct).average().orElse(Double.NaN));
    }

    static final int TRACING_PAIRS = Integer.parseInt(System.getenv().getOrDefault("BENCH_TRACING_PAIRS", "2"));

    static PairFigures tracingOverheadPair(String java, Path jar, Path work, int pair) throws Exception {
        int portOn = freePort();
        server = startServer(java, jar, work.resolve("overhead-traced"), portOn, STUB_PORT, true);
        String baseOn = "http://127.0.0.1:" + portOn;
        setUp(baseOn);
        String keyOn = KEY, projectOn = SINGLE;
        int portOff = freePort();
        untraced = startServer(java, jar, work.resolve("overhead-untraced"), portOff, STUB_PORT, false);
        String baseOff = "http://127.0.0.1:" + portOff;
        setUp(baseOff);
        String keyOff = KEY, projectOff = SINGLE;
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}";
        Load restTraced = () -> post(baseOn + "/projects/" + projectOn + "/draft/run",
                Map.of("Content-Type", "application/json", "X-API-Key", keyOn), body, "\"pong\"");
        Load restUntraced = () -> post(baseOff + "/projects/" + projectOff + "/draft/run",
                Map.of("Content-Type", "application/json", "X-API-Key", keyOff), body, "\"pong\"");
        System.out.printf("%ntracing overhead, pair %d of %d: warming up both servers (12,000 runs each)...%n", pair,
                TRACING_PAIRS);
        for (int i = 0; i < 12; i++) {
            run(restTraced, 16, 1000);
            run(restUntraced, 16, 1000);
        }
        int rounds = 9;
        Path dirOn = work.resolve("overhead-traced"), dirOff = work.resolve("overhead-untraced");
        long[] cpuOn = {cpuTicks(server.pid()), postgresTicks(dirOn), threadTicks(server.pid(), "span-writer"),
            postgresTicks(dirOn, "traces"), jitTicks(server.pid())};
        long[] cpuOff = {cpuTicks(untraced.pid()), postgresTicks(dirOff), 0, 0, jitTicks(untraced.pid())};
        List<Result> on = new ArrayList<>(), off = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                on.add(run(restTraced, 16, 2000));
                off.add(run(restUntraced, 16, 2000));
            } else {
                off.add(run(restUntraced, 16, 2000));
                on.add(run(restTraced, 16, 2000));
            }
        }
        Thread.sleep(1_000); // the last spans written (the writer lingers 50 ms)
        double runsEach = rounds * 2000.0;
        // the JIT's compilations are a one-time cost that goes on long after the warm-up, more in the server that has
        // more code to compile: left out of the CPU per run (shown apart)
        double jitOn = (jitTicks(server.pid()) - cpuOn[4]) * 10.0 / runsEach;
        double jitOff = (jitTicks(untraced.pid()) - cpuOff[4]) * 10.0 / runsEach;
        double serverOn = (cpuTicks(server.pid()) - cpuOn[0]) * 10.0 / runsEach - jitOn;
        double pgOn = (postgresTicks(dirOn) - cpuOn[1]) * 10.0 / runsEach;
        double serverOff = (cpuTicks(untraced.pid()) - cpuOff[0]) * 10.0 / runsEach - jitOff;
        double pgOff = (postgresTicks(dirOff) - cpuOff[1]) * 10.0 / runsEach;
        double writer = (threadTicks(server.pid(), "span-writer") - cpuOn[2]) * 10.0 / runsEach;
        double tracesDb = (postgresTicks(dirOn, "traces") - cpuOn[3]) * 10.0 / runsEach;
        double allOn = on.stream().mapToDouble(Result::runs).sum() / on.stream().mapToDouble(Result::seconds).sum();
        double allOff = off.stream().mapToDouble(Result::runs).sum() / off.stream().mapToDouble(Result::seconds).sum();
        Comparator<Result> byThroughput = Comparator.comparingDouble(r -> r.runs / r.seconds);
        on.sort(byThroughput);
        off.sort(byThroughput);
        Result traced16 = on.get(rounds / 2), untraced16 = off.get(rounds / 2);
        List<Double> p50On = on.stream().map(Result::p50).sorted().toList();
        List<Double> p50Off = off.stream().map(Result::p50).sorted().toList();
        System.out.printf("%n%-34s %6s %8s %10s %10s %10s%n", "tracing overhead (REST, median of " + rounds + ")",
                "conc.", "runs", "runs/s", "p50 ms", "p99 ms");
        print("TRACING_ENABLED=true", 16, traced16);
        print("TRACING_ENABLED=false", 16, untraced16);
        double ratio = (traced16.runs / traced16.seconds) / (untraced16.runs / untraced16.seconds);
        System.out.printf("throughput ratio traced / untraced: %.3f (tracing overhead %.1f %% of throughput)%n", ratio,
                (1 - ratio) * 100);
        System.out.printf("median p50 traced / untraced: %.2f ms / %.2f ms = %.3f%n", p50On.get(rounds / 2),
                p50Off.get(rounds / 2), p50On.get(rounds / 2) / p50Off.get(rounds / 2));
        System.out.printf("throughput of all rounds together: traced %.0f, untraced %.0f runs/s: ratio %.3f (tracing"
                + " overhead %.1f %%)%n", allOn, allOff, allOn / allOff, (1 - allOn / allOff) * 100);
        System.out.printf("throughput per round (sorted), traced: %s; untraced: %s%n", rates(on), rates(off));
        System.out.printf("JIT compilations during the rounds (left out below): traced %.3f ms, untraced %.3f ms per"
                + " run%n", jitOn, jitOff);
        System.out.printf("CPU per run over all rounds (less noisy than throughput): traced %.2f ms (server %.2f +"
                        + " its PostgreSQL %.2f), untraced %.2f ms (server %.2f + PostgreSQL %.2f): tracing adds %.2f ms"
                        + " per run (%.1f %% of the untraced server + PostgreSQL)%n",
                serverOn + pgOn, serverOn, pgOn, serverOff + pgOff, serverOff, pgOff,
                serverOn + pgOn - serverOff - pgOff, (serverOn + pgOn - serverOff - pgOff) / (serverOff + pgOff) * 100);
        // two JVMs differ by several percent on their own (JIT): the threads and processes that only tracing uses are
        // a steadier measure (not counted: building spans on the run threads, and PostgreSQL's shared WAL writer)
        System.out.printf("direct cost of tracing in the traced server: span-writer thread %.3f ms + traces database"
                        + " backends %.3f ms = %.3f ms per run (%.1f %% of the untraced server + PostgreSQL)%n",
                writer, tracesDb, writer + tracesDb, (writer + tracesDb) / (serverOff + pgOff) * 100);
        stopServer();
        server = untraced;
        untraced = null;
        stopServer();
        server = null;
        deleteTree(work); // this pair's two servers and databases
        return new PairFigures((1 - allOn / allOff) * 100,
                (serverOn + pgOn - serverOff - pgOff) / (serverOff + pgOff) * 100,
                (writer + tracesDb) / (serverOff + pgOff) * 100);
    }

    static String rates(List<Result> results) {
        return results.stream().map(r -> String.format("%.0f", r.runs / r.seconds)).toList().toString();
    }

    static final AtomicInteger runsDone = new AtomicInteger();

    interface Load {
        void call() throws Exception;
    }

    /** @param serverCpuMs the server's CPU per run during this load (NaN when not measured) */
    record Result(int runs, double seconds, double p50, double p99, int errors, double serverCpuMs, long[] sorted) {
        Result(int runs, double seconds, double p50, double p99, int errors, double serverCpuMs) {
            this(runs, seconds, p50, p99, errors, serverCpuMs, new long[0]);
        }

        /** The rounds as one: all their latencies, runs and time; CPU per run weighted by runs. */
        static Result of(List<Result> rounds) {
            long[] all = rounds.stream().flatMapToLong(r -> Arrays.stream(r.sorted)).sorted().toArray();
            int runs = rounds.stream().mapToInt(Result::runs).sum();
            double cpu = rounds.stream().mapToDouble(r -> r.serverCpuMs * r.runs).sum() / runs;
            return new Result(runs, rounds.stream().mapToDouble(Result::seconds).sum(), all[all.length / 2] / 1e6,
                    all[Math.min(all.length - 1, (int) Math.ceil(all.length * 0.99) - 1)] / 1e6,
                    rounds.stream().mapToInt(Result::errors).sum(), cpu, all);
        }
    }

    /** The server whose CPU {@link #run} measures (the table's server; none for the tracing rows). */
    static volatile Process measured;

    static Result run(Load load, int concurrency, int total) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong firstError = new AtomicLong();
        Process cpuOf = measured;
        long ticksBefore = cpuOf == null ? 0 : cpuTicks(cpuOf.pid());
        long start = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                executor.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        long t0 = System.nanoTime();
                        try {
                            load.call();
                        } catch (Exception e) {
                            if (errors.getAndIncrement() == 0) {
                                System.out.println("  error: " + e.getMessage());
                            }
                        }
                        latencies[i] = System.nanoTime() - t0;
                        runsDone.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        double cpuMs = cpuOf == null ? Double.NaN : (cpuTicks(cpuOf.pid()) - ticksBefore) * 10.0 / total;
        return new Result(total, seconds, latencies[total / 2] / 1e6,
                latencies[Math.min(total - 1, (int) Math.ceil(total * 0.99) - 1)] / 1e6, errors.get(), cpuMs, latencies);
    }

    static void print(String name, int concurrency, Result r) {
        System.out.printf("%-34s %6d %8d %10.0f %10.2f %10.2f %10s%s%n", name, concurrency, r.runs, r.runs / r.seconds,
                r.p50, r.p99, Double.isNaN(r.serverCpuMs) || name.startsWith("stub") ? "" : String.format("%.2f", r.serverCpuMs),
                r.errors > 0 ? "  (" + r.errors + " errors)" : "");
    }

    static void post(String url, Map<String, String> headers, String body, String expect) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains(expect)) {
            throw new IOException("HTTP " + response.statusCode() + ": " + response.body().substring(0,
                    Math.min(300, response.body().length())));
        }
    }

    static Process startServer(String java, Path jar, Path dir, int port, int stubPort, boolean tracing)
            throws Exception {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(java));
        // the flags of `make run` (scripts/jvm.flags), unless BENCH_JVM_FLAGS replaces them
        String flags = System.getenv("BENCH_JVM_FLAGS");
        if (flags == null || flags.isBlank()) {
            flags = Files.readString(jvmFlagsFile()).strip();
        }
        command.addAll(Arrays.asList(flags.split("\\s+")));
        String extra = System.getenv("BENCH_SERVER_OPTS"); // e.g. a JFR recording while profiling
        if (extra != null && !extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        command.add("dev");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("OPENAI_API_KEY", "sk-bench");
        pb.environment().put("OPENAI_BASE_URL", "http://127.0.0.1:" + stubPort + "/v1");
        pb.environment().put("ADMIN_USERNAME", ADMIN);
        pb.environment().put("ADMIN_PASSWORD", PASSWORD);
        pb.environment().put("TRACING_ENABLED", String.valueOf(tracing));
        pb.environment().put("PLATFORM_TOKEN_LIMIT", "1000000000");
        pb.environment().put("RATE_LIMIT_PER_MINUTE", "1000000");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        Process p = pb.start();
        awaitHealthy("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(90));
        return p;
    }

    /** Signs in as the admin and creates the organization, the two projects (draft graphs) and their API keys. */
    static void setUp(String base) throws Exception {
        TOKEN = graphql(base, null, "mutation($e:String!,$p:String!){ login(email:$e, password:$p){ accessToken } }",
                Map.of("e", "\"" + ADMIN + "\"", "p", "\"" + PASSWORD + "\"")).split("\"accessToken\":\"")[1].split("\"")[0];
        String org = field(graphql(base, TOKEN, "mutation { createOrganization(name: \"Bench\") { id } }", Map.of()), "id");
        String input = UUID.randomUUID().toString();
        String single = UUID.randomUUID().toString();
        SINGLE = project(base, org, "Single", List.of(node(input, INPUT, "Input", true), node(single, LLM_CALL, "Answer", false)),
                List.of(edge(input, single)));
        KEY = apiKey(base, SINGLE);
        String input2 = UUID.randomUUID().toString();
        List<String> nodes = new ArrayList<>(List.of(node(input2, INPUT, "Input", true)));
        List<String> edges = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String b = UUID.randomUUID().toString();
            nodes.add(node(b, LLM_CALL, "Branch " + i, false));
            edges.add(edge(input2, b));
        }
        FANOUT = project(base, org, "Fan-out", nodes, edges);
        FAN_KEY = apiKey(base, FANOUT);
    }

    static String node(String id, String component, String name, boolean start) {
        String parameters = component.equals(INPUT)
                ? "[{\"name\": \"payload_schema\", \"value\": {\"messages\": []}}]"
                : "[{\"name\": \"prompt_template\", \"value\": \"{{input}}\"},"
                        + " {\"name\": \"completion_model\", \"value\": \"openai:gpt-4o-mini\"}]";
        return "{\"id\": \"" + id + "\", \"componentId\": \"" + component + "\", \"name\": \"" + name
                + "\", \"isStartNode\": " + start + ", \"parameters\": " + parameters + "}";
    }

    static String edge(String source, String target) {
        return "{\"id\": \"" + UUID.randomUUID() + "\", \"sourceId\": \"" + source + "\", \"targetId\": \"" + target
                + "\"}";
    }

    static String project(String base, String org, String name, List<String> nodes, List<String> edges)
            throws Exception {
        String created = graphql(base, TOKEN,
                "mutation($o: ID!, $n: String!) { createProject(input: {organizationId: $o, name: $n}) {"
                        + " id draft { id graph { version } } } }",
                Map.of("o", "\"" + org + "\"", "n", "\"" + name + "\""));
        String id = field(created, "id");
        String draft = created.split("\"draft\":\\{\"id\":\"")[1].split("\"")[0];
        String version = created.split("\"version\":")[1].replaceAll("[^0-9].*", "");
        graphql(base, TOKEN, "mutation($p: ID!, $g: GraphInput!, $v: Long!) { saveGraph(projectId: $p, graph: $g,"
                        + " expectedVersion: $v) { id } }",
                Map.of("p", "\"" + id + "\"", "g", "{\"id\": \"" + draft + "\", \"nodes\": " + nodes + ", \"edges\": "
                        + edges + "}", "v", version));
        return id;
    }

    static String apiKey(String base, String project) throws Exception {
        String created = graphql(base, TOKEN, "mutation($p: ID!) { createApiKey(projectId: $p, name: \"bench\") { key } }",
                Map.of("p", "\"" + project + "\""));
        return created.split("\"key\":\"")[1].split("\"")[0];
    }

    /** The first string value of {@code name} in a JSON text. */
    static String field(String json, String name) {
        return json.split("\"" + name + "\":\"")[1].split("\"")[0];
    }

    /** A GraphQL call; {@code variables} hold JSON texts. Fails on errors; returns the body. */
    static String graphql(String base, String token, String query, Map<String, String> variables) throws Exception {
        StringBuilder vars = new StringBuilder("{");
        variables.forEach((k, v) -> vars.append(vars.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        vars.append('}');
        String body = "{\"query\": \"" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"variables\": " + vars + "}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IOException("setup failed: HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static Process startStub(Path script, int port, int latencyMs) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", script.toString());
        pb.environment().put("STUB_PORT", String.valueOf(port));
        pb.environment().put("STUB_LATENCY_MS", String.valueOf(latencyMs));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        awaitHealthy("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(20));
        return p;
    }

    static void awaitHealthy(String url, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(url + " did not answer within " + timeout);
    }

    static Path jvmFlagsFile() {
        Path here = Path.of("scripts/jvm.flags");
        return Files.exists(here) ? here : Path.of(System.getProperty("user.dir")).resolve("../scripts/jvm.flags");
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * CPU ticks used so far by the embedded PostgreSQL of the server run in {@code dir}: its postmaster (whose command
     * line names the data directory) and the postmaster's children (backends, writers).
     */
    static long postgresTicks(Path dir) throws IOException {
        return postgresTicks(dir, null);
    }

    /** CPU ticks of the PostgreSQL processes of {@code dir}; with a database, only the backends connected to it. */
    static long postgresTicks(Path dir, String database) throws IOException {
        String marker = dir.toAbsolutePath().toString();
        Map<Long, Long> parents = new java.util.HashMap<>();
        List<Long> postmasters = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    long pid = Long.parseLong(proc.getFileName().toString());
                    String stat = Files.readString(proc.resolve("stat"));
                    parents.put(pid, Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]));
                    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains("postgres") && cmdline.contains(marker)) {
                        postmasters.add(pid);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        }
        long ticks = 0;
        for (Map.Entry<Long, Long> p : parents.entrySet()) {
            if (database != null) {
                if (!postmasters.contains(p.getValue()) || !backendOf(p.getKey(), database)) {
                    continue;
                }
            } else if (!(postmasters.contains(p.getKey()) || postmasters.contains(p.getValue()))) {
                continue;
            }
            try {
                ticks += cpuTicks(p.getKey());
            } catch (IOException e) {
                // ended meanwhile
            }
        }
        return ticks;
    }

    /** CPU ticks used so far by every process whose command name starts with one of {@code names}. */
    static Map<String, Long> cpuTicksByName(List<String> names) throws IOException {
        Map<String, Long> ticks = new java.util.HashMap<>();
        names.forEach(n -> ticks.put(n, 0L));
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String comm = Files.readString(proc.resolve("comm")).strip();
                    for (String name : names) {
                        if (comm.startsWith(name)) {
                            ticks.merge(name, cpuTicks(Long.parseLong(proc.getFileName().toString())), Long::sum);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** Whether a PostgreSQL child process is a backend connected to {@code database} ("postgres: user db host ..."). */
    static boolean backendOf(long pid, String database) {
        try {
            String title = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            String[] words = title.strip().split(" +");
            return words.length > 2 && words[0].equals("postgres:") && words[2].equals(database);
        } catch (IOException e) {
            return false;
        }
    }

    /** CPU ticks of the JIT compiler threads of a process. */
    static long jitTicks(long pid) throws IOException {
        return threadTicks(pid, "C2 CompilerThre") + threadTicks(pid, "C1 CompilerThre");
    }

    /** CPU ticks of the threads of a process with this name. */
    static long threadTicks(long pid, String name) throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(name)) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void stopServer() {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                server.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static volatile Path WORK;

    static void stopAll() {
        stopServer();
        if (untraced != null && untraced.isAlive()) {
            untraced.destroy();
            try {
                untraced.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stub != null && stub.isAlive()) {
            stub.destroy();
        }
        Path work = WORK;
        WORK = null;
        if (work != null) {
            deleteTree(work);
        }
    }

    /** Deletes a directory of stopped servers (their databases), unless BENCH_KEEP=true. */
    static void deleteTree(Path dir) {
        if ("true".equals(System.getenv("BENCH_KEEP"))) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
