package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.components.sql.SqlQueryLimits;
import io.draftnrun.application.components.sql.SqlQueryOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attack corpus against the machine's own MariaDB (MySQL dialect) and PostgreSQL 15 (127.0.0.1:3306 as root
 * without a password, 127.0.0.1:5432 as postgres with trust), as a read-only account with every layer on and as the
 * administrator with the account inspection off. Each run creates its own database and account (prefix sql_ and a
 * random part) and drops them at the end, also after a failure. Part of {@code make test-services} only.
 */
@Tag("real-services")
class SqlAttackCorpusRealServicesIT {
    private static final String SUFFIX =
            UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    private static final String DATABASE = "sql_corpus_" + SUFFIX;
    private static final String READER = "sql_ro_" + SUFFIX;
    private static final String PASSWORD = "R3ad-" + SUFFIX;
    private static final JdbcExternalSqlGateway.Options LOCAL =
            JdbcExternalSqlGateway.Options.defaults().withAllowedHosts(List.of("127.0.0.1"));

    static Path filesDirectory() throws Exception {
        // the database servers run as their own users: the secret must be readable and the directory writable by
        // them, so that only the guards stop an attack
        Path directory = Files.createTempDirectory("sql_corpus_");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        return directory;
    }

    static void deleteQuietly(SqlAttackCorpus.Bindings bindings) {
        if (bindings == null) {
            return;
        }
        try {
            Files.deleteIfExists(bindings.out);
            Files.deleteIfExists(bindings.file);
            Files.deleteIfExists(bindings.file.getParent());
        } catch (java.io.IOException e) {
            System.out.println("could not delete " + bindings.file.getParent() + ": " + e.getMessage());
        }
    }

    static List<Object> row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            ResultSetMetaData meta = rs.getMetaData();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.add(rs.getObject(i));
            }
            return values;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MariaDb {
        private static final String ROOT = "jdbc:mariadb://127.0.0.1:3306/?user=root";
        private SqlAttackCorpus.Bindings bindings;

        @BeforeAll
        void create() throws Exception {
            try (Connection c = DriverManager.getConnection(ROOT);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
                s.execute("CREATE USER '" + READER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
                s.execute("GRANT SELECT, SHOW VIEW ON " + DATABASE + ".* TO '" + READER + "'@'%'");
            }
            try (Connection c = admin();
                    Statement s = c.createStatement()) {
                ShopSchema.create(c, "integer AUTO_INCREMENT");
                s.execute("CREATE TABLE canary (note text)");
                s.execute("INSERT INTO canary VALUES ('intact')");
                s.execute("CREATE TABLE items (id integer, label text)");
            }
            bindings = new SqlAttackCorpus.Bindings(filesDirectory(), Map.of());
        }

        @AfterAll
        void drop() throws Exception {
            try (Connection c = DriverManager.getConnection(ROOT);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE);
                s.execute("DROP USER IF EXISTS '" + READER + "'@'%'");
            } finally {
                deleteQuietly(bindings);
            }
        }

        private Connection admin() throws SQLException {
            return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + DATABASE + "?user=root");
        }

        List<Object> state() throws SQLException {
            try (Connection c = admin()) {
                return row(
                        c,
                        "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders), (SELECT sum(quantity)"
                                + " FROM orders), (SELECT count(*) FROM items), (SELECT group_concat(note) FROM"
                                + " canary), (SELECT count(*) FROM information_schema.tables WHERE table_schema ="
                                + " DATABASE()), (SELECT count(*) FROM information_schema.routines WHERE"
                                + " routine_schema = DATABASE()), (SELECT count(*) FROM mysql.user)");
            }
        }

        @Test
        void asAReadOnlyAccountEveryAttackFailsAndOrdinaryQueriesRun() throws Exception {
            SqlAttackCorpus.assertCorpusSize("mysql", 40);
            try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(LOCAL)) {
                SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(
                        gateway, "mysql+pymysql://" + READER + ":" + PASSWORD + "@127.0.0.1:3306/" + DATABASE, 2);

                assertThat(SqlAttackCorpus.runAttacks("mysql", tool, bindings, this::state))
                        .isEmpty();
                assertThat(SqlAttackCorpus.runReads("mysql", tool)).isEmpty();
            }
        }

        @Test
        void asRootTheStatementGuardAndTheDatabaseAloneStopEveryAttack() throws Exception {
            try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(LOCAL, false)) {
                SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(
                        gateway, "jdbc:mariadb://127.0.0.1:3306/" + DATABASE + "?user=root", 2);

                assertThat(SqlAttackCorpus.runAttacks("mysql", tool, bindings, this::state))
                        .isEmpty();
                assertThat(SqlAttackCorpus.runReads("mysql", tool)).isEmpty();
            }
        }

        @Test
        void rootIsRefusedAtConnectWithTheReadOnlyAccountAdvice() {
            try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(LOCAL)) {
                SqlQueryOutcome outcome = gateway.query(
                        SqlConnectionSpec.of("jdbc:mariadb://127.0.0.1:3306/" + DATABASE + "?user=root"),
                        "SELECT 1",
                        SqlQueryLimits.defaults());

                assertThat(outcome).isInstanceOf(SqlQueryOutcome.Refused.class);
                assertThat(outcome.toToolText())
                        .contains("the database account root@")
                        .contains("privilege")
                        .contains("GRANT SELECT, SHOW VIEW ON `" + DATABASE + "`.* TO 'draftnrun_reader'@'%'");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Postgres15 {
        private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        private SqlAttackCorpus.Bindings bindings;

        @BeforeAll
        void create() throws Exception {
            try (Connection c = DriverManager.getConnection(SERVER);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
                s.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + PASSWORD + "'");
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
                        System.out.println("the " + extension + " attacks run without it: " + e.getMessage());
                    }
                }
                s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
            }
            bindings = new SqlAttackCorpus.Bindings(
                    filesDirectory(), Map.of("HOST", "127.0.0.1", "PORT", "5432", "DB", DATABASE, "USER", "postgres"));
        }

        @AfterAll
        void drop() throws Exception {
            try (Connection c = DriverManager.getConnection(SERVER);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
                s.execute("DROP ROLE IF EXISTS " + READER);
            } finally {
                deleteQuietly(bindings);
            }
        }

        private Connection admin() throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres");
        }

        List<Object> state() throws SQLException {
            try (Connection c = admin()) {
                return row(
                        c,
                        "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders), (SELECT sum(quantity)"
                                + " FROM orders), (SELECT count(*) FROM items), (SELECT string_agg(note, ',') FROM"
                                + " canary), (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid ="
                                + " c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema',"
                                + " 'pg_toast')), (SELECT count(*) FROM pg_largeobject_metadata), (SELECT"
                                + " last_value FROM orders_id_seq), (SELECT count(*) FROM pg_roles)");
            }
        }

        @Test
        void asAReadOnlyRoleEveryAttackFailsAndOrdinaryQueriesRun() throws Exception {
            try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(LOCAL)) {
                SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(
                        gateway, "postgresql://" + READER + ":" + PASSWORD + "@127.0.0.1:5432/" + DATABASE, 2);

                assertThat(SqlAttackCorpus.runAttacks("pg", tool, bindings, this::state))
                        .isEmpty();
                assertThat(SqlAttackCorpus.runReads("pg", tool)).isEmpty();
            }
        }

        @Test
        void asTheSuperuserTheStatementGuardAndTheDatabaseAloneStopEveryAttack() throws Exception {
            try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(LOCAL, false)) {
                SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(
                        gateway, "jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres", 2);

                assertThat(SqlAttackCorpus.runAttacks("pg", tool, bindings, this::state))
                        .isEmpty();
            }
        }
    }
}
