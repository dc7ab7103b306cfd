package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.components.sql.DatabaseDescription;
import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.components.sql.SqlQueryLimits;
import io.draftnrun.application.components.sql.SqlQueryOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJdbcExternalSqlGatewayIT {
    @TempDir
    static Path dir;

    private static Path file;
    private static SqlConnectionSpec shop;
    private static JdbcExternalSqlGateway gateway;

    @BeforeAll
    static void create() throws Exception {
        file = dir.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (var s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
            }
            ShopSchema.create(c, false);
        }
        shop = SqlConnectionSpec.of("jdbc:sqlite:" + file);
        gateway = new JdbcExternalSqlGateway(JdbcExternalSqlGateway.Options.defaults()
                .withPlatform(java.util.List.of(), java.util.List.of(dir.resolve("data"))));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Map<String, Long> counts() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return ShopSchema.counts(c);
        }
    }

    @Test
    void describesTablesColumnsForeignKeysAndASampleRow() {
        DatabaseDescription description = gateway.describe(shop, Optional.empty(), Set.of());

        assertThat(description.dialect()).isEqualTo("sqlite");
        assertThat(description.tables())
                .extracting(DatabaseDescription.Table::name)
                .containsExactly("customers", "orders", "products");
        DatabaseDescription.Table orders = description.table("orders").orElseThrow();
        assertThat(orders.foreignKeys())
                .containsExactlyInAnyOrder(
                        new DatabaseDescription.ForeignKey("customer_id", "customers", "id"),
                        new DatabaseDescription.ForeignKey("product_id", "products", "id"));
        assertThat(description.table("customers").orElseThrow().sample())
                .hasValueSatisfying(s -> assertThat(s.rows().getFirst()).contains("Ada Lovelace"));
    }

    @Test
    void readsReturnTheExpectedTableWithEscapedCells() {
        SqlQueryOutcome outcome =
                gateway.query(shop, "SELECT name, email FROM customers ORDER BY id", SqlQueryLimits.defaults());

        assertThat(outcome.toToolText()).isEqualTo("""
                | name | email |
                | --- | --- |
                | Ada Lovelace | ada@example.com |
                | Grace Hopper | grace@example.com |
                | Alan \\| Turing | NULL |""");
    }

    @Test
    void refusesEveryWriteAndLeavesTheFileUnchanged() throws Exception {
        Map<String, Long> before = counts();
        byte[] bytes = Files.readAllBytes(file);

        for (String write : ShopSchema.WRITES) {
            assertThat(gateway.query(shop, write, SqlQueryLimits.defaults()))
                    .as(write)
                    .isInstanceOf(SqlQueryOutcome.Refused.class);
        }

        assertThat(counts()).isEqualTo(before);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void theReadOnlyConnectionStopsAWriteEvenWhenTheStatementGuardIsBypassed() throws Exception {
        Map<String, Long> before = counts();

        SqlQueryOutcome outcome = gateway.execute(shop, "DELETE FROM orders RETURNING id", SqlQueryLimits.defaults());

        assertThat(outcome).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void neverCreatesAMissingDatabaseFile() {
        Path missing = dir.resolve("missing.db");

        SqlQueryOutcome outcome =
                gateway.query(SqlConnectionSpec.of("jdbc:sqlite:" + missing), "SELECT 1", SqlQueryLimits.defaults());

        assertThat(outcome).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(missing).doesNotExist();
    }

    @Test
    void theRowCapCutsTheResultAndSaysSo() {
        SqlQueryOutcome outcome = gateway.query(
                shop,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n",
                new SqlQueryLimits(java.time.Duration.ofSeconds(5), 7));

        SqlQueryOutcome.Rows rows = (SqlQueryOutcome.Rows) outcome;
        assertThat(rows.result().rows()).hasSize(7);
        assertThat(rows.result().note()).hasValueSatisfying(n -> assertThat(n).contains("more than 7 rows"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 15, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunawayQueryIsStoppedByTheTimeout() {
        long started = System.nanoTime();

        SqlQueryOutcome outcome = gateway.query(
                shop,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
                new SqlQueryLimits(java.time.Duration.ofSeconds(1), 10));

        assertThat(outcome).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(outcome.toToolText()).contains("time limit of 1000 ms");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void aFileOfTheServersDataDirectoryIsRefusedEvenThroughALink() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data").resolve("files"));
        Path inside = data.resolve("uploaded.db");
        Files.copy(file, inside);
        Path link = Files.createSymbolicLink(dir.resolve("innocent.db"), inside);

        for (String url : java.util.List.of(
                "jdbc:sqlite:" + inside,
                "jdbc:sqlite:" + link,
                "jdbc:sqlite:" + dir + "/other/../data/files/uploaded.db")) {
            SqlQueryOutcome outcome =
                    gateway.query(SqlConnectionSpec.of(url), "SELECT count(*) FROM orders", SqlQueryLimits.defaults());
            assertThat(outcome).as(url).isInstanceOf(SqlQueryOutcome.Refused.class);
            assertThat(outcome.toToolText()).contains("inside this server's own data directory");
        }
        assertThat(gateway.query(
                                SqlConnectionSpec.of("jdbc:sqlite:file:" + file + "?mode=rw"),
                                "SELECT 1",
                                SqlQueryLimits.defaults())
                        .toToolText())
                .startsWith("Query refused: ");
    }

    @Test
    void attachAndExtensionsAreDisabledInTheConnectionItself() throws Exception {
        Path other = dir.resolve("attached.db");

        SqlQueryOutcome attach =
                gateway.execute(shop, "ATTACH DATABASE '" + other + "' AS other", SqlQueryLimits.defaults());
        SqlQueryOutcome extension =
                gateway.execute(shop, "SELECT load_extension('/tmp/evil.so')", SqlQueryLimits.defaults());

        assertThat(attach).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(extension).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(other).doesNotExist();
    }
}
