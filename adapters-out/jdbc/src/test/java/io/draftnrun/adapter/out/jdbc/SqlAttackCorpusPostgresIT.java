package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.jdbc.ReadOnlyStatementGuard.Verdict;
import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.components.sql.SqlQueryLimits;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack corpus on an embedded PostgreSQL, through the Run SQL Query Tool: connected as a superuser with the
 * account inspection off (layers 1 and 2 alone stand between the model and the server), and as a read-only role with
 * every layer on. Each layer is also run alone where it can stand alone: the statement guard without a database, and
 * the database's own guards (layers 2 to 5) with the statement guard skipped, as the read-only role.
 */
class SqlAttackCorpusPostgresIT {
    @TempDir
    static Path directory;

    private static EmbeddedPostgres postgres;
    private static SqlAttackCorpus.Bindings bindings;
    private static String superuserUrl;
    private static String readerUrl;
    private static final String READER_PASSWORD = "R3ad-0nly-Secret";

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE corpus");
            s.execute("CREATE ROLE corpus_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
        }
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            ShopSchema.create(c, true);
            s.execute("CREATE TABLE canary (note text)");
            s.execute("INSERT INTO canary VALUES ('intact')");
            s.execute("CREATE TABLE items (id integer, label text)");
            for (String extension : List.of("dblink", "postgres_fdw")) {
                try {
                    s.execute("CREATE EXTENSION " + extension);
                } catch (SQLException e) {
                    System.out.println("the " + extension + " attacks run without the extension: " + e.getMessage());
                }
            }
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO corpus_reader");
        }
        Path files = Files.createDirectories(directory.resolve("files"));
        bindings = new SqlAttackCorpus.Bindings(
                files,
                Map.of(
                        "HOST",
                        "127.0.0.1",
                        "PORT",
                        String.valueOf(postgres.getPort()),
                        "DB",
                        "corpus",
                        "USER",
                        "postgres"));
        superuserUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/corpus?user=postgres";
        readerUrl = "postgresql://corpus_reader:" + READER_PASSWORD + "@localhost:" + postgres.getPort() + "/corpus";
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(postgres.getJdbcUrl("postgres", "corpus"));
    }

    /** Everything an attack could change, read through a fresh connection. */
    static List<Object> state() throws SQLException {
        try (Connection c = admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders),"
                        + " (SELECT sum(quantity) FROM orders), (SELECT count(*) FROM products),"
                        + " (SELECT count(*) FROM items), (SELECT string_agg(note, ',') FROM canary),"
                        + " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + "   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')),"
                        + " (SELECT count(*) FROM pg_largeobject_metadata), (SELECT last_value FROM orders_id_seq),"
                        + " (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace),"
                        + " (SELECT count(*) FROM pg_foreign_server), (SELECT count(*) FROM pg_roles),"
                        + " (SELECT count(*) FROM pg_database)")) {
            rs.next();
            ResultSetMetaData meta = rs.getMetaData();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.add(rs.getObject(i));
            }
            return values;
        }
    }

    @Test
    void theCorpusIsLargeEnough() {
        SqlAttackCorpus.assertCorpusSize("pg", 60);
    }

    @Test
    void asASuperuserTheStatementGuardAndTheDatabaseAloneStopEveryAttack() throws Exception {
        try (JdbcExternalSqlGateway gateway =
                new JdbcExternalSqlGateway(PostgresJdbcExternalSqlGatewayIT.LOCAL, false)) {
            SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(gateway, superuserUrl, 2);

            List<String> problems = SqlAttackCorpus.runAttacks("pg", tool, bindings, SqlAttackCorpusPostgresIT::state);

            assertThat(problems).isEmpty();
            assertThat(SqlAttackCorpus.runReads("pg", tool)).isEmpty();
        }
    }

    @Test
    void asAReadOnlyRoleWithEveryLayerEveryAttackFailsAndOrdinaryQueriesRun() throws Exception {
        try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(PostgresJdbcExternalSqlGatewayIT.LOCAL)) {
            SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(gateway, readerUrl, 2);

            assertThat(SqlAttackCorpus.runAttacks("pg", tool, bindings, SqlAttackCorpusPostgresIT::state))
                    .isEmpty();
            assertThat(SqlAttackCorpus.runReads("pg", tool)).isEmpty();
        }
    }

    @Test
    void theStatementGuardAloneRefusesEveryAttackWithoutADatabase() {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            ReadOnlyStatementGuard guard = new ReadOnlyStatementGuard(executor);
            for (SqlAttackCorpus.Entry entry : SqlAttackCorpus.entries(SqlAttackCorpus.Kind.ATTACK, "pg")) {
                assertThat(guard.check(Dialect.POSTGRESQL, bindings.bind(entry.sql())))
                        .as(entry.toString())
                        .isInstanceOf(Verdict.Refused.class);
            }
            for (SqlAttackCorpus.Entry entry : SqlAttackCorpus.entries(SqlAttackCorpus.Kind.READ, "pg")) {
                assertThat(guard.check(Dialect.POSTGRESQL, entry.sql()))
                        .as(entry.toString())
                        .isInstanceOf(Verdict.Accepted.class);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void withoutTheStatementGuardTheDatabaseAndTheReadOnlyRoleStillKeepDataAndFilesSafe() throws Exception {
        try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(PostgresJdbcExternalSqlGatewayIT.LOCAL)) {
            SqlConnectionSpec reader = SqlConnectionSpec.fromEngineUrl(readerUrl);
            List<Object> before = state();
            List<String> problems = new ArrayList<>();
            for (SqlAttackCorpus.Entry entry : SqlAttackCorpus.attacks("pg")) {
                String output = gateway.execute(
                                reader, bindings.bind(entry.sql()), new SqlQueryLimits(Duration.ofSeconds(2), 200))
                        .toToolText();
                for (String forbidden : bindings.forbiddenInOutput()) {
                    if (output.contains(forbidden)) {
                        problems.add(entry + " showed protected content");
                    }
                }
                if (!state().equals(before)) {
                    problems.add(entry + " changed the database");
                    before = state();
                }
                if (Files.exists(bindings.out)) {
                    problems.add(entry + " wrote a file");
                    Files.delete(bindings.out);
                }
            }
            assertThat(problems).isEmpty();
        }
    }
}
