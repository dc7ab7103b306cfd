package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.bootstrap.Commands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The dev mode as a self-hoster meets it: data that survives a restart, and a dead database reported, then started
 * again.
 */
class EmbeddedModeIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aSecondStartFindsItsDataAgain() throws Exception {
        Path data = SharedServer.tempDir("draftnrun-restart");
        try (Commands.Running first = SharedServer.startDedicated(Map.of("DATA_DIR", data.toString()))) {
            try (Connection c = first.infrastructure().backend().dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO schema_info (name, value) VALUES ('restart-check', 'kept')");
            }
        }
        String secrets = Files.readString(data.resolve("dev-secrets.env"));
        try (Commands.Running second = SharedServer.startDedicated(Map.of("DATA_DIR", data.toString()))) {
            try (Connection c = second.infrastructure().backend().dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT value FROM schema_info WHERE name = 'restart-check'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
            }
            assertThat(Files.readString(data.resolve("dev-secrets.env"))).isEqualTo(secrets);
            var health = HTTP.send(
                    HttpRequest.newBuilder(second.server().baseUrl().resolve("/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void killingTheEmbeddedPostgresTurnsHealthTo503WithOneLogLineThenDevRestartsIt() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(SystemQueries.class.getName());
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
        Path data = SharedServer.tempDir("draftnrun-kill");
        try (Commands.Running running = SharedServer.startDedicated(Map.of("DATA_DIR", data.toString()))) {
            URI health = running.server().baseUrl().resolve("/health");
            assertThat(status(health)).isEqualTo(200);
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid"))
                    .getFirst()
                    .trim());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await("health 503 once PostgreSQL is killed")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> status(health) == 503);
            // dev starts its PostgreSQL again (on the same port: the pools reconnect by themselves)
            await("health 200 once dev restarted PostgreSQL")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> status(health) == 200);
            assertThat(Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid"))
                            .getFirst()
                            .trim()))
                    .isNotEqualTo(pid);
            assertThat(lines.stream().filter(l -> l.contains("backendDatabase is DOWN")))
                    .as("one log line per outage, not one per probe")
                    .hasSize(1);
        } finally {
            logger.removeHandler(capture);
        }
    }

    private static int status(URI uri) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
