package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.bootstrap.Commands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs do not depend on the traces database: with its PostgreSQL stopped, runs still succeed, the lost spans show in
 * {@code draftnrun_spans_dropped_total} on /metrics and the outage is logged once.
 */
class TracesDatabaseDownIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String RUN = """
            mutation($p: ID!, $input: JSON!) {
              runProject(projectId: $p, environment: PRODUCTION, input: $input) { status message }
            }""";

    @Test
    void runsSucceedWithoutTheTracesDatabaseAndTheLossIsCountedAndLoggedOnce() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(AsyncSpanWriter.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getParameters() != null) {
                    message = java.text.MessageFormat.format(message, record.getParameters());
                }
                lines.add(message);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        EmbeddedPostgres traces = EmbeddedPostgres.builder().start();
        try (OpenAiStub stub = new OpenAiStub();
                Commands.Running server = SharedServer.startDedicated(Map.of(
                        "OPENAI_API_KEY",
                        "sk-test",
                        "OPENAI_BASE_URL",
                        stub.baseUrl(),
                        "TRACES_DB_URL",
                        "postgresql://postgres:postgres@127.0.0.1:" + traces.getPort() + "/postgres"))) {
            GraphQlClient admin = Users.admin(new GraphQlClient(server.server().baseUrl()));
            String org = Flows.createOrganization(admin, "Traceless");
            Flows.Project project = Flows.project(admin, org, "Answering", Flows.inputThenLlm("{{input}}"));
            URI metrics = server.server().baseUrl().resolve("/metrics");

            // with the traces database up, the run is traced
            JsonNode first = admin.data(RUN, Map.of("p", project.id(), "input", Flows.hello()))
                    .get("runProject");
            assertThat(first.get("status").asText()).isEqualTo("SUCCEEDED");
            double droppedBefore = dropped(metrics);

            traces.close();
            for (int i = 0; i < 3; i++) {
                JsonNode run = admin.data(RUN, Map.of("p", project.id(), "input", Flows.hello()))
                        .get("runProject");
                assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(run.get("message").asText()).isEqualTo("pong");
            }
            await("spans dropped while the traces database is down")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> dropped(metrics), after -> after > droppedBefore);
            // one more run during the outage: still served, still one log line
            assertThat(admin.data(RUN, Map.of("p", project.id(), "input", Flows.hello()))
                            .get("runProject")
                            .get("status")
                            .asText())
                    .isEqualTo("SUCCEEDED");
            assertThat(lines.stream().filter(l -> l.startsWith("cannot write spans to the traces database")))
                    .as("one log line per outage, not one per batch: %s", lines)
                    .hasSize(1);
        } finally {
            logger.removeHandler(capture);
            traces.close();
        }
    }

    private static double dropped(URI metrics) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^draftnrun_spans_dropped_total(\\{[^}]*\\})? ([0-9.eE+]+)$")
                .matcher(body);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(2));
        }
        return total;
    }
}
