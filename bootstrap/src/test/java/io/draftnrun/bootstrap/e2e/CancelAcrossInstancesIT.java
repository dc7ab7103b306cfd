package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.bootstrap.Commands;
import io.draftnrun.bootstrap.EmbeddedInfrastructure;
import io.draftnrun.bootstrap.Mode;
import io.draftnrun.bootstrap.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two API servers in {@code serve} mode behind an imaginary load balancer, sharing an embedded PostgreSQL and an
 * embedded Redis (each with its own data directory): a run started without waiting on the first, blocked in its LLM
 * call, is cancelled through the second, which does not execute it; the request reaches the first through Redis and
 * the run ends CANCELLED, as both servers report.
 */
class CancelAcrossInstancesIT {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Commands.Running server(EmbeddedInfrastructure infrastructure, OpenAiStub stub, String name)
            throws Exception {
        Map<String, String> settings = SharedServer.serveSettings(
                infrastructure, Files.createDirectories(dir.resolve(name)), "cancel-across-instances-backend-secret");
        settings.put("HOST", "127.0.0.1");
        settings.put("OPENAI_API_KEY", "sk-test");
        settings.put("OPENAI_BASE_URL", stub.baseUrl());
        Commands.Running running = Commands.start(new Settings(settings, Map.of()), Mode.SERVE);
        closeables.add(running);
        return running;
    }

    @Test
    void aRunStartedOnOneServerIsCancelledThroughAnother() throws Exception {
        dir = Files.createTempDirectory("draftnrun-cancel-across");
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(dir, true, true);
        closeables.add(infrastructure);
        OpenAiStub stub = new OpenAiStub();
        closeables.add(stub);
        Commands.Running first = server(infrastructure, stub, "first");
        Commands.Running second = server(infrastructure, stub, "second");

        GraphQlClient onFirst = Users.newUser(new GraphQlClient(first.server().baseUrl()), "cancel");
        GraphQlClient onSecond = new GraphQlClient(second.server().baseUrl()).withToken(onFirst.token());
        String org = Flows.createOrganization(onFirst, "Cancel org");
        Flows.Project project = Flows.project(onFirst, org, "Held", Flows.inputThenLlm("{{input}}"));

        JsonNode started = onFirst.data(
                        """
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: DRAFT, input: $input, wait: false) { id status }
                        }""",
                        Map.of(
                                "p",
                                project.id(),
                                "input",
                                Map.of("messages", List.of(Map.of("role", "user", "content", OpenAiStub.HOLD)))))
                .get("runProject");
        String runId = started.get("id").asText();
        assertThat(started.get("status").asText()).isIn("QUEUED", "RUNNING");
        assertThat(await(() -> stub.held() > 0))
                .as("the run waits for its LLM answer")
                .isTrue();
        assertThat(status(onSecond, runId).get("status").asText()).isEqualTo("RUNNING");

        boolean cancelled = onSecond.data("mutation($id: ID!) { cancelRun(runId: $id) }", Map.of("id", runId))
                .get("cancelRun")
                .asBoolean();

        assertThat(cancelled).isTrue();
        assertThat(await(() -> status(onSecond, runId).get("status").asText().equals("CANCELLED")))
                .as("the run ends CANCELLED: %s", status(onSecond, runId))
                .isTrue();
        JsonNode onFirstServer = status(onFirst, runId);
        assertThat(onFirstServer.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(onFirstServer.get("error").asText()).contains("cancelled");
        assertThat(onSecond.data("mutation($id: ID!) { cancelRun(runId: $id) }", Map.of("id", runId))
                        .get("cancelRun")
                        .asBoolean())
                .as("a finished run is not cancelled again")
                .isFalse();
    }

    private static JsonNode status(GraphQlClient client, String runId) {
        return client.data("query($id: ID!) { run(id: $id) { status error } }", Map.of("id", runId))
                .get("run");
    }

    private static boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return condition.getAsBoolean();
    }
}
