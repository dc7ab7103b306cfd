package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.bootstrap.Commands;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SQL DB Service pointed at the server's own backend database (issue 15): in dev mode, with loopback allowed by
 * {@code SQL_ALLOWED_HOSTS} so that only the platform rule can refuse it, a Run SQL Query Tool on the embedded
 * PostgreSQL's backend database, as the password-less {@code postgres} account, by address or by name, answers that
 * the database is one of the server's own, and reads nothing.
 */
class SqlGuardIT {
    static final String RUN_SQL_QUERY_TOOL = "667420c1-e2ca-446f-8e54-e0edd7e660bf";
    static final String SQL_DB_SERVICE = "4014e6bd-9d2d-4142-8bdc-6dd7d9068011";

    private static Commands.Running server;
    private static GraphQlClient admin;
    private static String org;
    private static int backendPort;

    @BeforeAll
    static void start() {
        server = SharedServer.startDedicated(Map.of("SQL_ALLOWED_HOSTS", "127.0.0.1,localhost,::1"));
        admin = Users.admin(new GraphQlClient(server.server().baseUrl()));
        org = Flows.createOrganization(admin, "Guarded SQL");
        for (JsonNode binding : admin.data("{ serverInfo { adapters { port location } } }")
                .get("serverInfo")
                .get("adapters")) {
            if (binding.get("port").asText().equals("backendDatabase")) {
                String location = binding.get("location").asText(); // 127.0.0.1:<port>/backend
                backendPort = Integer.parseInt(location.substring(location.indexOf(':') + 1, location.indexOf('/')));
            }
        }
        assertThat(backendPort).isPositive();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String runSql(String engineUrl, String sql) {
        Flows.Graph graph = new Flows.Graph();
        String in = graph.input();
        String tool = graph.node(RUN_SQL_QUERY_TOOL, "Run SQL", false, Map.of());
        String db = graph.node(SQL_DB_SERVICE, "Backend", false, Map.of("engine_url", engineUrl));
        graph.edge(in, tool).slot(tool, "db_service", db);
        Flows.Project project = Flows.project(admin, org, "SQL " + System.nanoTime(), graph);
        JsonNode run = admin.data(
                        """
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: PRODUCTION, input: $input) { status message error }
                        }""",
                        Map.of(
                                "p",
                                project.id(),
                                "input",
                                Map.of("messages", List.of(Map.of("role", "user", "content", sql)))))
                .get("runProject");
        return run.toString();
    }

    @Test
    void theEmbeddedBackendDatabaseIsRefusedByAddressAndByName() {
        for (String host : List.of("127.0.0.1", "localhost")) {
            String run = runSql(
                    "jdbc:postgresql://" + host + ":" + backendPort + "/backend?user=postgres",
                    "SELECT email, password_hash FROM users");

            assertThat(run)
                    .contains("Query refused: the database at " + host + ":" + backendPort)
                    .contains("one of this server's own databases")
                    .doesNotContain("admin@example.com");
        }
    }

    @Test
    void theSameInTheReferenceUrlForm() {
        String run = runSql("postgresql://postgres@127.0.0.1:" + backendPort + "/backend", "SELECT 1");

        assertThat(run).contains("one of this server's own databases");
    }
}
