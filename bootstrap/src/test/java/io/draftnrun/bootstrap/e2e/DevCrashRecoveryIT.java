package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.domain.knowledge.SourceId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's crash "done when" for {@code dev}, with the built jar as a separate process ({@link JarProcess}): a
 * {@code kill -9} during a waiting run, an asynchronous run and an ingestion; the same start command is healthy again
 * within 30 s with no manual step; both runs end FAILED as interrupted and a re-subscriber gets their final event; the
 * ingestion completes with no duplicate chunk. And: servers left by a killed process tree are found and stopped, the
 * embedded PostgreSQL keeps its port, and a second {@code dev} on a data directory in use stops at once naming the
 * first.
 */
class DevCrashRecoveryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int FILES = 30;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path dir;
    private Path data;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (data != null) {
            JarProcess.killProcessesUsing(data);
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private JarProcess dev(int port, OpenAiStub stub, String name) {
        JarProcess process = JarProcess.builder("dev")
                .workDir(dir.resolve("work"))
                .logTo(dir.resolve(name + ".log"))
                .port(port)
                .env("DATA_DIR", data.toString())
                .env("ADMIN_USERNAME", Users.ADMIN_EMAIL)
                .env("ADMIN_PASSWORD", Users.ADMIN_PASSWORD)
                .env("OPENAI_API_KEY", "sk-test")
                .env("OPENAI_BASE_URL", stub.baseUrl())
                .env("MAX_CONCURRENT_INGESTIONS", "1")
                .env("INGESTION_RECLAIM_IDLE_SECONDS", "2")
                .env("EMBEDDING_BATCH_SIZE", "1")
                .start();
        closeables.add(process);
        return process;
    }

    private boolean prepared() throws Exception {
        Optional<String> missing = JarProcess.unavailableBecause();
        if (missing.isPresent()) {
            System.out.println("SKIPPED DevCrashRecoveryIT: " + missing.get());
            return false;
        }
        dir = Files.createTempDirectory("draftnrun-dev-crash");
        data = dir.resolve("data");
        return true;
    }

    private static final String RUN = """
            mutation($p: ID!, $input: JSON!, $wait: Boolean) {
              runProject(projectId: $p, environment: DRAFT, input: $input, wait: $wait) { id status }
            }""";

    @Test
    void killedDuringAWaitingRunAnAsyncRunAndAnIngestionDevComesBackAndEndsThemHonestly() throws Exception {
        if (!prepared()) {
            return;
        }
        OpenAiStub stub = new OpenAiStub();
        closeables.add(stub);
        int port = JarProcess.freePort();
        JarProcess first = dev(port, stub, "first").awaitReady(Duration.ofSeconds(180));
        GraphQlClient admin = Users.admin(new GraphQlClient(first.baseUrl()));
        String org = Flows.createOrganization(admin, "Crash org");
        Flows.Project project = Flows.project(admin, org, "Held", Flows.inputThenLlm("{{input}}"));
        Map<String, Object> held = Map.of("messages", List.of(Map.of("role", "user", "content", OpenAiStub.HOLD)));

        // an ingestion in progress
        String sourceId = admin.data(
                        // 1024-token chunks (ChunkingOptions.LEGACY): the corpus was sized for them
                        GraphQlDocuments.named("CreateFilesSource"),
                        Map.of("o", org, "name", "Manuals", "chunkSize", 1024, "chunkOverlap", 50))
                .get("createSource")
                .get("id")
                .asText();
        List<KnowledgeIT.FilePart> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            files.add(new KnowledgeIT.FilePart(
                    "manual-" + i + ".md",
                    "text/markdown",
                    WorkerCrashIT.manual(i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> expected = WorkerCrashIT.cleanChunkIds(new SourceId(UUID.fromString(sourceId)), files);
        JsonNode upload = KnowledgeIT.multipartUpload(first.baseUrl(), admin.token(), sourceId, files);
        assertThat(upload.path("errors").isMissingNode()).as(upload.toString()).isTrue();
        String task = upload.get("data").get("uploadFiles").get("id").asText();

        // a run whose caller waits, and one accepted without waiting, both held in their LLM call
        CompletableFuture<GraphQlClient.Response> waiting = CompletableFuture.supplyAsync(
                () -> admin.execute(RUN, Map.of("p", project.id(), "input", held, "wait", true)));
        String asyncRun = admin.data(RUN, Map.of("p", project.id(), "input", held, "wait", false))
                .get("runProject")
                .get("id")
                .asText();
        await("both runs wait for the model")
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> stub.held() >= 2);
        await("both runs are stored as RUNNING (the waiting one after RUN_INSERT_DELAY_MS)")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> running(admin, project).size() == 2);
        List<String> runIds = running(admin, project);
        assertThat(runIds).contains(asyncRun);
        DatabaseSourceIT.awaitTask(
                admin,
                task,
                t -> t.get("status").asText().equals("IN_PROGRESS")
                        && t.get("chunksDone").asInt() >= 3,
                Duration.ofSeconds(90));

        first.kill9();
        waiting.cancel(true); // its caller's connection is gone with the process: nothing was promised to it
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(JarProcess.processesUsing(data).isEmpty())
                        .as(
                                "the watchdog stopped the embedded servers of the dead process: %s",
                                JarProcess.processesUsing(data))
                        .isTrue());

        long restarting = System.nanoTime();
        JarProcess second = dev(port, stub, "second").awaitReady(restartBound());
        System.out.printf(
                "DevCrashRecoveryIT: healthy again %d ms after the same start command%n",
                Duration.ofNanos(System.nanoTime() - restarting).toMillis());
        GraphQlClient again = Users.admin(new GraphQlClient(second.baseUrl()));
        for (String runId : runIds) {
            JsonNode run = awaitRun(again, runId, r -> r.get("status").asText().equals("FAILED"));
            assertThat(run.get("error").asText()).startsWith("interrupted:");
            assertThat(run.get("finishedAt").isNull()).isFalse();
            String ws = second.baseUrl().toString().replace("http://", "ws://") + "/graphql";
            List<JsonNode> events = GraphQlWs.subscribe(
                    ws,
                    again.token(),
                    "subscription($id: ID!) { runEvents(runId: $id) { type status error } }",
                    Map.of("id", runId),
                    Duration.ofSeconds(30));
            JsonNode last = events.getLast().get("runEvents");
            assertThat(last.get("type").asText()).isEqualTo("RUN_FINISHED");
            assertThat(last.get("status").asText()).isEqualTo("FAILED");
            assertThat(last.get("error").asText()).startsWith("interrupted:");
        }

        JsonNode done = DatabaseSourceIT.awaitTask(
                again,
                task,
                t -> List.of("COMPLETED", "FAILED").contains(t.get("status").asText()),
                Duration.ofSeconds(120));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        List<String> stored = chunkIds(sourceId);
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).isEqualTo(expected);
    }

    @Test
    void serversLeftByAKilledProcessTreeAreStoppedAtTheNextStartWhichKeepsThePortAndASecondDevIsRefused()
            throws Exception {
        if (!prepared()) {
            return;
        }
        OpenAiStub stub = new OpenAiStub();
        closeables.add(stub);
        int port = JarProcess.freePort();
        JarProcess first = dev(port, stub, "first").awaitReady(Duration.ofSeconds(180));
        long postgres = postmaster().pid();
        int pgPort = postmaster().port();

        JarProcess intruder = dev(JarProcess.freePort(), stub, "intruder");
        assertThat(intruder.awaitExit(Duration.ofSeconds(60)))
                .as(intruder.logText())
                .contains(2);
        assertThat(intruder.logText())
                .contains("already running")
                .contains("pid " + first.pid())
                .contains("port " + port);

        first.kill9Tree(); // the JVM, its Redis and its watchdog: PostgreSQL, detached by pg_ctl, is left running
        assertThat(ProcessHandle.of(postgres).map(ProcessHandle::isAlive)).contains(true);

        JarProcess second = dev(port, stub, "second").awaitReady(restartBound());
        assertThat(second.logText())
                .containsPattern(Pattern.compile("found the embedded PostgreSQL of an earlier run still running .*"
                        + "\\(pid " + postgres + "\\): stopping it, then starting cleanly"));
        assertThat(ProcessHandle.of(postgres).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(postmaster().port())
                .as("the embedded PostgreSQL keeps its port")
                .isEqualTo(pgPort);
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(second.baseUrl().resolve("/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);

        // an embedded server that dies while dev runs is started again
        long redis =
                Long.parseLong(Files.readString(data.resolve("redis/redis.pid")).strip());
        ProcessHandle.of(redis).orElseThrow().destroyForcibly();
        assertThat(second.awaitLog(Pattern.compile("the embedded Redis stopped unexpectedly"), Duration.ofSeconds(30)))
                .isTrue();
        GraphQlClient admin = Users.admin(new GraphQlClient(second.baseUrl()));
        String org = Flows.createOrganization(admin, "Restart org");
        Flows.Project project = Flows.project(admin, org, "Answering", Flows.inputThenLlm("{{input}}"));
        await("runs are queued on the restarted Redis")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> admin.execute(RUN, Map.of("p", project.id(), "input", Flows.hello(), "wait", false))
                                .errorCode()
                        == null);
    }

    /**
     * The time the same start command has to be healthy again: 30 s (the issue's bound), unless this shared machine is
     * overloaded (more than two runnable processes per core), where start-up alone can take longer: then 90 s, said so.
     */
    static Duration restartBound() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        if (load > 2.0 * cores) {
            System.out.printf(
                    "DevCrashRecoveryIT: load average %.1f on %d cores: the restart gets 90 s instead of 30 s%n",
                    load, cores);
            return Duration.ofSeconds(90);
        }
        return Duration.ofSeconds(30);
    }

    private record Postmaster(long pid, int port) {}

    private Postmaster postmaster() throws Exception {
        List<String> lines = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
        return new Postmaster(
                Long.parseLong(lines.get(0).strip()),
                Integer.parseInt(lines.get(3).strip()));
    }

    private static List<String> running(GraphQlClient client, Flows.Project project) {
        List<String> ids = new ArrayList<>();
        for (JsonNode edge : client.data(
                        "query($p: ID!) { runs(projectId: $p, first: 20) { edges { node { id status } } } }",
                        Map.of("p", project.id()))
                .get("runs")
                .get("edges")) {
            if (edge.get("node").get("status").asText().equals("RUNNING")) {
                ids.add(edge.get("node").get("id").asText());
            }
        }
        return ids;
    }

    private static JsonNode awaitRun(GraphQlClient client, String runId, java.util.function.Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            last[0] = client.data("query($id: ID!) { run(id: $id) { status error finishedAt } }", Map.of("id", runId))
                    .get("run");
            assertThat(done.test(last[0])).as("run %s: %s", runId, last[0]).isTrue();
        });
        return last[0];
    }

    private List<String> chunkIds(String sourceId) throws Exception {
        Properties secrets = new Properties();
        try (var in = Files.newInputStream(data.resolve("dev-secrets.env"))) {
            secrets.load(in);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + postmaster().port() + "/ingestion";
        try (Connection c = DriverManager.getConnection(
                        url, "postgres", secrets.getProperty("EMBEDDED_POSTGRES_PASSWORD"));
                PreparedStatement s = c.prepareStatement("SELECT chunk_id FROM chunks WHERE source_id = ?")) {
            s.setObject(1, UUID.fromString(sourceId));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    static URI ws(URI base) {
        return URI.create(base.toString().replace("http://", "ws://") + "/graphql");
    }
}
