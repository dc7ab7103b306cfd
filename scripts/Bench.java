// Benchmark of the run engine (make bench). Run with: java scripts/Bench.java <java-binary> <jar> <stub.mjs>
// Starts the OpenAI stub (node) and the server (dev mode, its own data directory), declares two projects through
// DEV_PROJECTS_FILE (Input -> LLM Call, and Input -> four LLM Calls), then measures runs through REST and GraphQL at
// concurrency 1, 16 and 64 next to the same requests sent straight to the stub, the four-branch fan-out with 100 ms of
// stub latency, the server's CPU per run and its resident memory idle, after 10,000 runs and after settling.

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
    static final String TOKEN = "bench-admin-token";
    static final String KEY = "taylor_bench_key";
    static final UUID SINGLE = UUID.randomUUID();
    static final UUID FANOUT = UUID.randomUUID();
    static final List<String> ROWS = new ArrayList<>();
    static Process server;
    static Process stub;

    public static void main(String[] args) throws Exception {
        String java = args[0];
        Path jar = Path.of(args[1]).toAbsolutePath();
        Path stubScript = Path.of(args[2]).toAbsolutePath();
        int stubPort = freePort();
        int port = freePort();
        Path work = Files.createTempDirectory("draftnrun-bench");
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::stopAll));

        stub = startStub(stubScript, stubPort, 0);
        Files.writeString(work.resolve("projects.json"), projects());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(Arrays.asList(("--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector "
                        + "--sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -Xss512k -jar")
                .split(" ")));
        command.add(jar.toString());
        command.add("dev");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().put("DATA_DIR", work.resolve("data").toString());
        pb.environment().put("PORT", String.valueOf(port));
        pb.environment().put("DEV_PROJECTS_FILE", work.resolve("projects.json").toString());
        pb.environment().put("OPENAI_API_KEY", "sk-bench");
        pb.environment().put("OPENAI_BASE_URL", "http://127.0.0.1:" + stubPort + "/v1");
        pb.environment().put("ADMIN_USERNAME", "admin@example.com");
        pb.environment().put("ADMIN_PASSWORD", "bench-admin-password");
        pb.redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
        server = pb.start();
        String base = "http://127.0.0.1:" + port;
        awaitHealthy(base + "/health", Duration.ofSeconds(90));
        long idleRss = rssKb(server.pid());
        System.out.printf("server up (pid %d, log %s), stub on %d%n", server.pid(), work.resolve("server.log"), stubPort);

        String stubUrl = "http://127.0.0.1:" + stubPort + "/v1/chat/completions";
        Load direct = () -> post(stubUrl, Map.of("Content-Type", "application/json"),
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "[DONE]");
        Load rest = () -> post(base + "/projects/" + SINGLE + "/draft/run",
                Map.of("Content-Type", "application/json", "X-API-Key", KEY),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "\"pong\"");
        Load graphql = () -> post(base + "/graphql",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN),
                "{\"query\":\"mutation($p: ID!) { runProject(projectId: $p, environment: DRAFT, input: "
                        + "{messages: [{role: \\\"user\\\", content: \\\"ping\\\"}]}) { status message } }\","
                        + "\"variables\":{\"p\":\"" + SINGLE + "\"}}", "\"pong\"");

        System.out.println("warming up (3,000 runs)...");
        run(rest, 16, 1500);
        run(graphql, 16, 1500);
        run(direct, 16, 1000);

        System.out.printf("%n%-34s %6s %8s %10s %10s %10s%n", "load", "conc.", "runs", "runs/s", "p50 ms", "p99 ms");
        long runsBefore = 0;
        long cpuBefore = cpuTicks(server.pid());
        long totalRuns = 0;
        int[][] plan = {{1, 500}, {16, 3000}, {64, 5000}};
        for (int[] step : plan) {
            Result d = run(direct, step[0], step[1]);
            Result r = run(rest, step[0], step[1]);
            Result g = run(graphql, step[0], step[1]);
            totalRuns += 2L * step[1];
            print("stub directly (streamed)", step[0], d);
            print("REST /projects/{id}/draft/run", step[0], r);
            print("GraphQL runProject", step[0], g);
            System.out.printf("%-34s %6d %8s %10s %10.2f %10s%n", "  added p50 over the stub (REST)", step[0], "", "",
                    r.p50 - d.p50, "");
            System.out.printf("%-34s %6d %8s %10s %10.2f %10s%n", "  added p50 over the stub (GraphQL)", step[0], "", "",
                    g.p50 - d.p50, "");
        }
        long cpuAfter = cpuTicks(server.pid());
        double cpuMsPerRun = (cpuAfter - cpuBefore) * 10.0 / totalRuns; // 100 ticks per second
        System.out.printf("%nserver CPU per run (REST + GraphQL, includes HTTP, tracing, persistence, events): %.2f ms%n",
                cpuMsPerRun);

        long serverRuns = 3000 + totalRuns; // warm-up included
        int more = (int) Math.max(0, 10_000 - serverRuns);
        if (more > 0) {
            run(rest, 64, more);
            serverRuns += more;
        }
        long loadedRss = rssKb(server.pid());
        Thread.sleep(10_000);
        long settledRss = rssKb(server.pid());

        // fan-out: the stub now answers after 100 ms; one branch vs four branches in parallel
        stub.destroy();
        stub.waitFor();
        stub = startStub(stubScript, stubPort, 100);
        Load oneBranch = rest;
        Load fourBranches = () -> post(base + "/projects/" + FANOUT + "/draft/run",
                Map.of("Content-Type", "application/json", "X-API-Key", KEY + "-fan"),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "Result from agent 4");
        run(oneBranch, 1, 3);
        Result one = run(oneBranch, 1, 20);
        Result four = run(fourBranches, 1, 20);
        System.out.printf("%nfan-out with 100 ms stub latency: one LLM Call p50 %.1f ms, four parallel LLM Calls p50 %.1f ms"
                + " (sequential would be ~%.0f ms)%n", one.p50, four.p50, 4 * one.p50);
        System.out.printf("%nresident memory of the server: idle %d MB, after %d runs %d MB, 10 s later %d MB%n",
                idleRss / 1024, serverRuns, loadedRss / 1024, settledRss / 1024);
        System.out.println("(the server process only: embedded PostgreSQL and Redis run in their own processes)");
        stopAll();
        System.exit(0);
    }

    static final AtomicInteger runsDone = new AtomicInteger();

    interface Load {
        void call() throws Exception;
    }

    record Result(int runs, double seconds, double p50, double p99, int errors) {}

    static Result run(Load load, int concurrency, int total) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong firstError = new AtomicLong();
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
        return new Result(total, seconds, latencies[total / 2] / 1e6,
                latencies[Math.min(total - 1, (int) Math.ceil(total * 0.99) - 1)] / 1e6, errors.get());
    }

    static void print(String name, int concurrency, Result r) {
        System.out.printf("%-34s %6d %8d %10.0f %10.2f %10.2f%s%n", name, concurrency, r.runs, r.runs / r.seconds, r.p50,
                r.p99, r.errors > 0 ? "  (" + r.errors + " errors)" : "");
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

    static String projects() {
        String input = "{\"id\": \"in\", \"component\": \"Input\", \"name\": \"Input\", \"start\": true, \"parameters\": "
                + "{\"payload_schema\": \"{\\\"messages\\\": []}\"}}";
        String llm = "{\"id\": \"%s\", \"component\": \"LLM Call\", \"name\": \"%s\", \"parameters\": "
                + "{\"prompt_template\": \"{{input}}\", \"completion_model\": \"openai:gpt-4o-mini\"}}";
        String single = "{\"nodes\": [" + input + ", " + llm.formatted("llm", "Answer") + "], \"edges\": "
                + "[{\"source\": \"in\", \"target\": \"llm\"}]}";
        StringBuilder nodes = new StringBuilder(input);
        StringBuilder edges = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            nodes.append(", ").append(llm.formatted("b" + i, "Branch " + i));
            edges.append(i > 1 ? ", " : "").append("{\"source\": \"in\", \"target\": \"b").append(i).append("\"}");
        }
        String fanout = "{\"nodes\": [" + nodes + "], \"edges\": [" + edges + "]}";
        String org = UUID.randomUUID().toString();
        return "{\"adminToken\": \"" + TOKEN + "\", \"projects\": ["
                + "{\"id\": \"" + SINGLE + "\", \"organizationId\": \"" + org + "\", \"apiKey\": \"" + KEY
                + "\", \"draft\": " + single + "},"
                + "{\"id\": \"" + FANOUT + "\", \"organizationId\": \"" + org + "\", \"apiKey\": \"" + KEY + "-fan\", "
                + "\"draft\": " + fanout + "}]}";
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

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
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

    static void stopAll() {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                server.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stub != null && stub.isAlive()) {
            stub.destroy();
        }
    }
}
