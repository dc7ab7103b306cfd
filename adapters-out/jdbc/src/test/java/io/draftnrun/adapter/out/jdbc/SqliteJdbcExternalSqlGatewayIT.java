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
        gateway = new JdbcExternalSqlGateway();
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
}
