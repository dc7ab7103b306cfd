package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layer 5 with the server's production heap (this module's tests run with {@code -Xmx512m}, as scripts/jvm.flags):
 * a huge value or a huge result ends as a clear tool error, the heap is untouched, and the tool keeps working.
 */
class SqlMemoryBudgetPostgresIT {
    private static EmbeddedPostgres postgres;
    private static JdbcExternalSqlGateway gateway;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE budget_reader LOGIN PASSWORD 'R3ader-Secret'");
        }
        url = "postgresql://budget_reader:R3ader-Secret@localhost:" + postgres.getPort() + "/postgres";
        gateway = new JdbcExternalSqlGateway(PostgresJdbcExternalSqlGatewayIT.LOCAL);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        postgres.close();
    }

    @Test
    void runsWithTheProductionHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(512L * 1024 * 1024);
    }

    @Test
    void aValueOf400MegabytesEndsAsAClearToolError() {
        SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(gateway, url, 60);

        String output = tool.run("select repeat('x',400000000)");

        assertThat(output)
                .isEqualTo("Query failed: the result is larger than 10 MB; select fewer rows or columns,"
                        + " aggregate, or cut long values (e.g. left(column, 200))");
        assertThat(tool.run("SELECT length(repeat('x', 400000000)) AS n")).contains("| 400000000 |");
    }

    @Test
    void fiveHundredRowsOfOneMegabyteEndAsAClearToolError() {
        SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(gateway, url, 60);

        String output = tool.run("SELECT g, repeat('x', 1000000) AS big FROM generate_series(1, 500) g");

        assertThat(output).startsWith("Query failed: the result is larger than 10 MB");
        assertThat(tool.run("SELECT 1 AS one")).isEqualTo("| one |\n| --- |\n| 1 |");
    }

    @Test
    void oneValueOverTheCellBudgetEndsAsAClearToolError() {
        SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(gateway, url, 60);

        String output = tool.run("SELECT 1 AS n, repeat('é', 600000) AS big");

        assertThat(output)
                .isEqualTo("Query failed: a value in column big is larger than 1 MB; select part of it (e.g."
                        + " left(column, 200)) or its length instead");
    }

    @Test
    void theBudgetsAreSettings() {
        try (JdbcExternalSqlGateway small =
                new JdbcExternalSqlGateway(PostgresJdbcExternalSqlGatewayIT.LOCAL.withBudgets(64 * 1024, 256 * 1024))) {
            SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(small, url, 60);

            assertThat(tool.run("SELECT repeat('x', 100000) AS big")).contains("larger than 64 KB");
            assertThat(tool.run("SELECT repeat('x', 60000) AS big FROM generate_series(1, 5)"))
                    .contains("the result is larger than 256 KB");
            assertThat(tool.run("SELECT left(repeat('x', 100000), 10) AS big")).contains("| xxxxxxxxxx |");
        }
    }
}
