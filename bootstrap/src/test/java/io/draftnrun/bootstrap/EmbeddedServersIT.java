package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded servers of {@code dev} require the passwords kept in {@code dev-secrets.env}: PostgreSQL refuses a
 * login without it, Redis refuses a command from an unauthenticated client; a data directory created before passwords
 * were required is moved to one, its data kept. A second process on a data directory in use is refused at once.
 */
class EmbeddedServersIT {
    private Path dir;

    @AfterEach
    void clean() throws Exception {
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void postgresAndRedisRefuseClientsWithoutThePassword() throws Exception {
        dir = Files.createTempDirectory("draftnrun-embedded");
        try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start(dir, true, true)) {
            String url = "jdbc:postgresql://127.0.0.1:" + embedded.postgresPort() + "/backend";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = DriverManager.getConnection(
                    url, "postgres", embedded.passwords().postgres())) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThat(Files.readString(dir.resolve("dev-secrets.env")))
                    .contains(
                            "EMBEDDED_POSTGRES_PASSWORD=" + embedded.passwords().postgres())
                    .contains("EMBEDDED_REDIS_PASSWORD=" + embedded.passwords().redis());

            assertThat(redis(embedded.redisPort(), "PING\r\n")).startsWith("-NOAUTH");
            assertThat(redis(
                            embedded.redisPort(), "AUTH " + embedded.passwords().redis() + "\r\nPING\r\n"))
                    .startsWith("+OK");

            assertThatThrownBy(() -> EmbeddedInfrastructure.start(dir, true, true))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("already running")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aDataDirectoryCreatedWithoutAPasswordIsMovedToOneAndKeepsItsData() throws Exception {
        dir = Files.createTempDirectory("draftnrun-embedded-old");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.resolve("postgres"))
                        .setCleanDataDirectory(false)
                        .start();
                Connection c = old.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start(dir, true, false)) {
            String url = "jdbc:postgresql://127.0.0.1:" + embedded.postgresPort() + "/postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            try (Connection c = DriverManager.getConnection(
                            url, "postgres", embedded.passwords().postgres());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }

    /** What Redis answers to {@code commands} sent on a fresh connection (its first reply lines). */
    private static String redis(int port, String commands) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(commands.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int expected = commands.split("\r\n").length;
            int lines = 0;
            int b;
            while (lines < expected && (b = in.read()) >= 0) {
                reply.append((char) b);
                if (b == '\n') {
                    lines++;
                }
            }
            return reply.toString();
        }
    }
}
