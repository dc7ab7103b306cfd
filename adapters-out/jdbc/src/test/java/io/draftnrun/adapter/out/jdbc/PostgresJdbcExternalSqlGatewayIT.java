package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.components.sql.DatabaseDescription;
import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.components.sql.SqlDatabaseUnavailable;
import io.draftnrun.application.components.sql.SqlQueryLimits;
import io.draftnrun.application.components.sql.SqlQueryOutcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresJdbcExternalSqlGatewayIT {
    private static EmbeddedPostgres postgres;
    private static Connection admin;
    private static SqlConnectionSpec shop;
    private static JdbcExternalSqlGateway gateway;
    /** The embedded server listens on loopback, which SQL DB Services may only reach when allowed. */
    static final JdbcExternalSqlGateway.Options LOCAL =
            JdbcExternalSqlGateway.Options.defaults().withAllowedHosts(List.of("localhost", "127.0.0.1"));

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE ROLE analyst LOGIN PASSWORD 'Sup3r-Secret'");
        }
        admin = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "shop"));
        ShopSchema.create(admin, true);
        try (Statement s = admin.createStatement()) {
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO analyst");
            s.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO analyst");
        }
        // the superuser: the worst case, where only the other guards stand between the model and the data (the
        // account inspection, which refuses it, is off for these tests only)
        shop = SqlConnectionSpec.of(postgres.getJdbcUrl("postgres", "shop"));
        gateway = new JdbcExternalSqlGateway(LOCAL, false);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        admin.close();
        postgres.close();
    }

    @Test
    void describesTablesColumnsForeignKeysAndASampleRow() {
        DatabaseDescription description = gateway.describe(shop, Optional.empty(), Set.of());

        assertThat(description.dialect()).isEqualTo("postgresql");
        assertThat(description.tables())
                .extracting(DatabaseDescription.Table::name)
                .containsExactly("customers", "orders", "products");
        DatabaseDescription.Table orders = description.table("orders").orElseThrow();
        assertThat(orders.columns())
                .extracting(DatabaseDescription.Column::name)
                .containsExactly("id", "customer_id", "product_id", "quantity");
        assertThat(orders.columns().get(3)).isEqualTo(new DatabaseDescription.Column("quantity", "int4", false));
        assertThat(orders.foreignKeys())
                .containsExactlyInAnyOrder(
                        new DatabaseDescription.ForeignKey("customer_id", "customers", "id"),
                        new DatabaseDescription.ForeignKey("product_id", "products", "id"));
        assertThat(orders.sample()).hasValueSatisfying(s -> assertThat(s.rows()).hasSize(1));
        assertThat(description.toMarkdown()).contains("Table: customers", "- customer_id -> customers.id", "| id |");
    }

    @Test
    void describesOnlyTheIncludedTables() {
        DatabaseDescription description = gateway.describe(shop, Optional.of("public"), Set.of("PRODUCTS"));

        assertThat(description.tables())
                .extracting(DatabaseDescription.Table::name)
                .containsExactly("products");
    }

    @Test
    void readsReturnTheExpectedTable() {
        SqlQueryOutcome outcome = gateway.query(
                shop,
                "SELECT c.name, sum(o.quantity) AS items FROM customers c JOIN orders o ON o.customer_id = c.id"
                        + " GROUP BY c.name ORDER BY c.name",
                SqlQueryLimits.defaults());

        assertThat(outcome).isInstanceOf(SqlQueryOutcome.Rows.class);
        assertThat(outcome.toToolText()).isEqualTo("""
                | name | items |
                | --- | --- |
                | Ada Lovelace | 3 |
                | Grace Hopper | 5 |""");
    }

    @Test
    void refusesEveryWriteAndLeavesTheTablesUnchanged() throws Exception {
        Map<String, Long> before = ShopSchema.counts(admin);

        for (String write : ShopSchema.WRITES) {
            SqlQueryOutcome outcome = gateway.query(shop, write, SqlQueryLimits.defaults());
            assertThat(outcome).as(write).isInstanceOf(SqlQueryOutcome.Refused.class);
        }

        assertThat(ShopSchema.counts(admin)).isEqualTo(before);
    }

    @Test
    void theReadOnlyTransactionStopsAWriteEvenWhenTheStatementGuardIsBypassed() throws Exception {
        Map<String, Long> before = ShopSchema.counts(admin);
        SqlConnectionSpec analyst =
                SqlConnectionSpec.of(postgres.getJdbcUrl("analyst", "shop"), "analyst", "Sup3r-Secret");

        SqlQueryOutcome delete = gateway.execute(shop, "DELETE FROM orders", SqlQueryLimits.defaults());
        SqlQueryOutcome nextval =
                gateway.execute(analyst, "SELECT nextval('orders_id_seq')", SqlQueryLimits.defaults());
        SqlQueryOutcome cte = gateway.execute(
                analyst, "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d", SqlQueryLimits.defaults());

        assertThat(delete).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(((SqlQueryOutcome.Failed) delete).message()).contains("read-only transaction");
        assertThat(nextval).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(cte).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(ShopSchema.counts(admin)).isEqualTo(before);
    }

    @Test
    void aSlowQueryIsStoppedByTheTimeout() {
        long started = System.nanoTime();

        SqlQueryOutcome outcome = gateway.query(
                shop,
                "SELECT count(*) FROM generate_series(1, 100000000000) g",
                new SqlQueryLimits(Duration.ofMillis(500), 10));

        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(outcome.toToolText()).contains("time limit of 500 ms");
        assertThat(elapsedMs).isLessThan(3_000);
    }

    @Test
    void theRowCapCutsTheResultAndSaysSo() {
        SqlQueryOutcome outcome = gateway.query(
                shop, "SELECT g AS n FROM generate_series(1, 1000) g", new SqlQueryLimits(Duration.ofSeconds(5), 25));

        SqlQueryOutcome.Rows rows = (SqlQueryOutcome.Rows) outcome;
        assertThat(rows.result().rows()).hasSize(25);
        assertThat(rows.result().rows().getLast()).containsExactly(25L);
        assertThat(rows.result().truncated()).isTrue();
        assertThat(outcome.toToolText())
                .endsWith("only the first 25 are shown. Add a LIMIT, filter or aggregate to" + " see the rest.");
    }

    @Test
    void errorsComeBackAsTextWithoutThePasswordNorAStackTrace() {
        SqlConnectionSpec ghost = SqlConnectionSpec.of(
                postgres.getJdbcUrl("ghost", "shop") + "&password=Sup3r-Secret", "ghost", "Sup3r-Secret");

        SqlQueryOutcome unknownRole = gateway.query(ghost, "SELECT 1", SqlQueryLimits.defaults());
        SqlQueryOutcome unknownTable = gateway.query(shop, "SELECT * FROM invoices", SqlQueryLimits.defaults());

        assertThat(unknownRole).isInstanceOf(SqlQueryOutcome.Failed.class);
        assertThat(unknownRole.toToolText())
                .contains("\"ghost\" does not exist")
                .doesNotContain("Sup3r");
        assertThat(unknownTable.toToolText())
                .contains("relation \"invoices\" does not exist")
                .doesNotContain("\tat ");
        assertThatThrownBy(() -> gateway.describe(ghost, Optional.empty(), Set.of()))
                .isInstanceOf(SqlDatabaseUnavailable.class)
                .hasMessageContaining("could not describe the database")
                .hasMessageNotContaining("Sup3r");
    }

    @Test
    void scrubsThePasswordFromDriverMessages() {
        SqlConnectionSpec spec = SqlConnectionSpec.of("jdbc:postgresql://db/shop?password=hunter2", "u", "s3cr3t-pw");
        java.sql.SQLException e = new java.sql.SQLException(
                "cannot connect to jdbc:postgresql://db/shop?password=hunter2 as u with s3cr3t-pw");

        assertThat(JdbcExternalSqlGateway.safeMessage(e, spec)).doesNotContain("hunter2", "s3cr3t-pw");
    }

    @Test
    void refusesUrlsThatCouldLoadClassesOrUnsupportedDrivers() {
        SqlQueryOutcome factory = gateway.query(
                SqlConnectionSpec.of("jdbc:postgresql://localhost/shop?socketFactory=x.Evil"),
                "SELECT 1",
                SqlQueryLimits.defaults());
        SqlQueryOutcome h2 =
                gateway.query(SqlConnectionSpec.of("jdbc:h2:mem:x"), "SELECT 1", SqlQueryLimits.defaults());

        assertThat(factory.toToolText()).contains("socketfactory is not allowed");
        for (String parameter : List.of(
                "socket%46actory=x.Evil",
                "options=-c%20default_transaction_read_only%3Doff", "preferQueryMode=simple", "maxResultBuffer=1G")) {
            assertThat(gateway.query(
                                    SqlConnectionSpec.of("jdbc:postgresql://localhost/shop?" + parameter),
                                    "SELECT 1",
                                    SqlQueryLimits.defaults())
                            .toToolText())
                    .as(parameter)
                    .contains("is not allowed");
        }
        assertThat(h2.toToolText()).contains("unsupported database URL");
    }

    @Test
    void closesThePoolOfADatabaseLeftIdle() throws Exception {
        try (JdbcExternalSqlGateway shortLived =
                new JdbcExternalSqlGateway(LOCAL.withPoolIdleTimeout(Duration.ofMillis(200)), false)) {
            assertThat(shortLived.query(shop, "SELECT 1", SqlQueryLimits.defaults()))
                    .isInstanceOf(SqlQueryOutcome.Rows.class);
            assertThat(shortLived.openPools()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> shortLived.openPools() == 0);

            assertThat(shortLived.query(shop, "SELECT 1", SqlQueryLimits.defaults()))
                    .isInstanceOf(SqlQueryOutcome.Rows.class);
        }
    }

    @Test
    void aSuperuserIsRefusedAtConnectWithTheReadOnlyRoleAdvice() {
        try (JdbcExternalSqlGateway inspecting = new JdbcExternalSqlGateway(LOCAL)) {
            SqlQueryOutcome outcome = inspecting.query(shop, "SELECT 1", SqlQueryLimits.defaults());

            assertThat(outcome).isInstanceOf(SqlQueryOutcome.Refused.class);
            assertThat(outcome.toToolText())
                    .contains("the database account postgres is a superuser")
                    .contains("CREATE ROLE draftnrun_reader LOGIN")
                    .contains("GRANT SELECT ON ALL TABLES IN SCHEMA public TO draftnrun_reader");
            assertThatThrownBy(() -> inspecting.describe(shop, Optional.empty(), Set.of()))
                    .isInstanceOf(SqlDatabaseUnavailable.class)
                    .hasMessageContaining("is a superuser");
            assertThat(inspecting.openPools()).isZero();
        }
    }

    @Test
    void anAccountThatMayReadServerFilesIsRefusedAndAPlainReaderIsNot() throws Exception {
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE file_reader LOGIN PASSWORD 'Sup3r-Secret' IN ROLE pg_read_server_files");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO file_reader");
        }
        SqlConnectionSpec fileReader =
                SqlConnectionSpec.of(postgres.getJdbcUrl("file_reader", "shop"), "file_reader", "Sup3r-Secret");
        SqlConnectionSpec analyst =
                SqlConnectionSpec.of(postgres.getJdbcUrl("analyst", "shop"), "analyst", "Sup3r-Secret");
        try (JdbcExternalSqlGateway inspecting = new JdbcExternalSqlGateway(LOCAL)) {
            assertThat(inspecting
                            .query(fileReader, "SELECT 1", SqlQueryLimits.defaults())
                            .toToolText())
                    .contains("is a member of pg_read_server_files", "CREATE ROLE draftnrun_reader");
            assertThat(inspecting.query(analyst, "SELECT count(*) AS n FROM orders", SqlQueryLimits.defaults()))
                    .isInstanceOf(SqlQueryOutcome.Rows.class);
        }
    }

    @Test
    void loopbackAndPrivateHostsNeedSqlAllowedHosts() {
        SqlConnectionSpec analyst =
                SqlConnectionSpec.of(postgres.getJdbcUrl("analyst", "shop"), "analyst", "Sup3r-Secret");
        try (JdbcExternalSqlGateway strict = new JdbcExternalSqlGateway()) {
            SqlQueryOutcome outcome = strict.query(analyst, "SELECT 1", SqlQueryLimits.defaults());

            assertThat(outcome).isInstanceOf(SqlQueryOutcome.Refused.class);
            assertThat(outcome.toToolText()).contains("private, loopback, link-local or reserved", "SQL_ALLOWED_HOSTS");
            assertThat(strict.openPools()).isZero();
        }
    }

    @Test
    void theServersOwnDatabasesAreRefusedEvenWhenLoopbackIsAllowed() {
        // configured as localhost, reached as 127.0.0.1 (another name of the same server); and the embedded form
        String platform = "jdbc:postgresql://localhost:" + postgres.getPort() + "/backend";
        SqlConnectionSpec byAddress =
                SqlConnectionSpec.of("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/backend?user=postgres");
        SqlConnectionSpec sameName = SqlConnectionSpec.of(postgres.getJdbcUrl("analyst", "shop"), "analyst", "x");
        try (JdbcExternalSqlGateway guarded = new JdbcExternalSqlGateway(
                LOCAL.withAllowedHosts(List.of("localhost", "127.0.0.0/8", "::1"))
                        .withPlatform(List.of(platform), List.of()),
                false)) {
            for (SqlConnectionSpec target : List.of(byAddress, sameName)) {
                SqlQueryOutcome outcome = guarded.query(target, "SELECT 1", SqlQueryLimits.defaults());
                assertThat(outcome).as(target.redactedUrl()).isInstanceOf(SqlQueryOutcome.Refused.class);
                assertThat(outcome.toToolText()).contains("one of this server's own databases");
            }
            assertThatThrownBy(() -> guarded.describe(byAddress, Optional.empty(), Set.of()))
                    .isInstanceOf(SqlDatabaseUnavailable.class)
                    .hasMessageContaining("one of this server's own databases");
        }
    }
}
