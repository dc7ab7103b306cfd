package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.bootstrap.EmbeddedInfrastructure;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's "done when" for several instances, with the built jar: two {@code serve} processes on one PostgreSQL and
 * one Redis (embedded servers started by the test, shared by both). Twenty runs accepted without waiting by A, then
 * {@code kill -9} of A: every run ends SUCCEEDED (executed by B) or FAILED as interrupted within the time limit plus
 * the grace, none stays QUEUED or RUNNING, and {@code retryRun} of an interrupted one succeeds. And: with PostgreSQL
 * stopped under a running server, queries answer UNAVAILABLE (HTTP 503 on REST) within 5 s, and once it is back the
 * server serves again without a restart.
 */
class InstanceCrashIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int RUNS = 20;
    private static final int TIMEOUT_SECONDS = 60;
    private static final int GRACE_SECONDS = 10;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path dir;
    private EmbeddedInfrastructure infrastructure;
    private OpenAiStub stub;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (dir != null) {
            JarProcess.killProcessesUsing(dir);
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private boolean prepared() throws Exception {
        Optional<String> missing = JarProcess.unavailableBecause();
        if (missing.isPresent()) {
            System.out.println("SKIPPED InstanceCrashIT: " + missing.get());
            return false;
        }
        dir = Files.createTempDirectory("draftnrun-instances");
        infrastructure = EmbeddedInfrastructure.start(dir.resolve("infrastructure"), true, true);
        closeables.add(infrastructure);
        stub = new OpenAiStub();
        closeables.add(stub);
        return true;
    }

    private JarProcess serve(String name, int maxAsyncRuns) throws Exception {
        Map<String, String> settings = new HashMap<>(SharedServer.serveSettings(
                infrastructure, Files.createDirectories(dir.resolve(name)), "instance-crash-backend-secret"));
        settings.remove("PORT");
        settings.put("HOST", "127.0.0.1");
        settings.put("OPENAI_API_KEY", "sk-test");
        settings.put("OPENAI_BASE_URL", stub.baseUrl());
        settings.put("MAX_CONCURRENT_ASYNC_RUNS", Integer.toString(maxAsyncRuns));
        settings.put("INSTANCE_HEARTBEAT_SECONDS", "1");
        settings.put("INSTANCE_SILENCE_SECONDS", "4");
        settings.put("RUN_QUEUE_RECLAIM_IDLE_SECONDS", "3");
        settings.put("RUN_TIMEOUT_SECONDS", Integer.toString(TIMEOUT_SECONDS));
        settings.put("RUN_REAPER_GRACE_SECONDS", Integer.toString(GRACE_SECONDS));
        settings.put("RATE_LIMIT_PER_MINUTE", "1000000"); // the test polls
        JarProcess process = JarProcess.builder("serve")
                .workDir(dir.resolve(name))
                .logTo(dir.resolve(name + ".log"))
                .env(settings)
                .start();
        closeables.add(process);
        return process.awaitReady(Duration.ofSeconds(180));
    }

    private static final String RUN = """
            mutation($p: ID!, $input: JSON!, $wait: Boolean) {
              runProject(projectId: $p, environment: DRAFT, input: $input, wait: $wait) { id status }
            }""";

    @Test
    void runsAcceptedByAKilledInstanceAreExecutedByTheOtherOrFailedAsInterruptedAndARetrySucceeds() throws Exception {
        if (!prepared()) {
            return;
        }
        JarProcess a = serve("a", 4);
        JarProcess b = serve("b", 2);
        GraphQlClient onA = Users.newUser(new GraphQlClient(a.baseUrl()), "crash");
        GraphQlClient onB = new GraphQlClient(b.baseUrl()).withToken(onA.token());
        String org = Flows.createOrganization(onA, "Two instances");
        Flows.Project project = Flows.project(onA, org, "Slow", Flows.inputThenLlm("{{input}}"));
        Map<String, Object> slow = Map.of("messages", List.of(Map.of("role", "user", "content", OpenAiStub.SLOW)));

        long accepted = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            JsonNode run = onA.data(RUN, Map.of("p", project.id(), "input", slow, "wait", false))
                    .get("runProject");
            assertThat(run.get("status").asText()).isEqualTo("QUEUED");
            ids.add(run.get("id").asText());
        }
        // more runs executing than B may hold at once: some are A's
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> count(onB, ids, "RUNNING") > 2);
        a.kill9Tree();

        Duration bound = Duration.ofSeconds(TIMEOUT_SECONDS + GRACE_SECONDS).minusNanos(System.nanoTime() - accepted);
        bound = bound.isNegative() || bound.isZero() ? Duration.ofMillis(1) : bound; // past the bound: one look
        await().atMost(bound)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(count(onB, ids, "QUEUED") + count(onB, ids, "RUNNING") == 0)
                        .as("every run ended within the time limit plus the grace: %s", statuses(onB, ids))
                        .isTrue());
        List<String> interrupted = new ArrayList<>();
        int succeeded = 0;
        for (String id : ids) {
            JsonNode run = run(onB, id);
            if (run.get("status").asText().equals("SUCCEEDED")) {
                succeeded++;
            } else {
                assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("FAILED");
                assertThat(run.get("error").asText()).startsWith("interrupted:");
                interrupted.add(id);
            }
        }
        assertThat(succeeded).as("executed by B, A's queued ones included").isGreaterThan(0);
        assertThat(interrupted).as("A's runs in progress").isNotEmpty();
        System.out.printf(
                "InstanceCrashIT: %d runs succeeded on B, %d failed as interrupted%n", succeeded, interrupted.size());

        JsonNode retried = onB.data(
                        "mutation($id: ID!) { retryRun(runId: $id) { id status attempt retryOf message } }",
                        Map.of("id", interrupted.getFirst()))
                .get("retryRun");
        assertThat(retried.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(retried.get("attempt").asInt()).isEqualTo(2);
        assertThat(retried.get("retryOf").asText()).isEqualTo(interrupted.getFirst());
        assertThat(retried.get("message").asText()).isEqualTo("pong");
    }

    @Test
    void withPostgresStoppedQueriesAreUnavailableWithinFiveSecondsAndServedAgainOnceItIsBack() throws Exception {
        if (!prepared()) {
            return;
        }
        JarProcess a = serve("a", 4);
        GraphQlClient user = Users.newUser(new GraphQlClient(a.baseUrl()), "outage");
        String org = Flows.createOrganization(user, "Outage");
        Flows.Project project = Flows.project(user, org, "Answering", Flows.inputThenLlm("{{input}}"));
        String unknownRun = UUID.randomUUID().toString();
        String query = "query($id: ID!) { run(id: $id) { status } }";
        assertThat(user.execute(query, Map.of("id", unknownRun)).errorCode()).isEqualTo("NOT_FOUND");

        infrastructure.suspendPostgres();
        try {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                GraphQlClient.Response down = user.execute(query, Map.of("id", unknownRun));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(down.errorCode()).as(down.body().toString()).isEqualTo("UNAVAILABLE");
                assertThat(took).as("answered within 5 s").isLessThan(Duration.ofSeconds(5));
            }
            long started = System.nanoTime();
            HttpResponse<String> rest = HTTP.send(
                    HttpRequest.newBuilder(
                                    a.baseUrl().resolve("/projects/" + project.id() + "/production/run?wait=false"))
                            .header("Content-Type", "application/json")
                            .header("X-API-Key", project.key())
                            .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(503);
            assertThat(rest.body()).contains("UNAVAILABLE");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            infrastructure.resumePostgres();
        }
        await("served again without a restart")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> "NOT_FOUND"
                        .equals(user.execute(query, Map.of("id", unknownRun)).errorCode()));
        JsonNode run = user.data(
                        RUN.replace("DRAFT", "PRODUCTION"),
                        Map.of("p", project.id(), "input", Flows.hello(), "wait", true))
                .get("runProject");
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
    }

    private static JsonNode run(GraphQlClient client, String id) {
        return client.data(GraphQlDocuments.named("RunStatus"), Map.of("id", id))
                .get("run");
    }

    /** How many of the runs {@code ids} have {@code status} (one query). */
    private static int count(GraphQlClient client, List<String> ids, String status) {
        return statuses(client, ids).getOrDefault(status, 0);
    }

    private static Map<String, Integer> statuses(GraphQlClient client, List<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < ids.size(); i++) {
            query.append(" r")
                    .append(i)
                    .append(": run(id: \"")
                    .append(ids.get(i))
                    .append("\") { status }");
        }
        JsonNode data = client.data(query.append(" }").toString());
        data.forEach(run -> counts.merge(run.get("status").asText(), 1, Integer::sum));
        return counts;
    }
}
