package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.jdbc.ReadOnlyStatementGuard.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attack corpus on a SQLite file through the Run SQL Query Tool: refused or failed, file unchanged byte for byte. */
class SqlAttackCorpusSqliteIT {
    @TempDir
    static Path directory;

    private static Path file;
    private static SqlAttackCorpus.Bindings bindings;

    @BeforeAll
    static void create() throws Exception {
        file = directory.resolve("shop.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            ShopSchema.create(c, false);
            s.execute("CREATE TABLE canary (note text)");
            s.execute("INSERT INTO canary VALUES ('intact')");
            s.execute("CREATE TABLE items (id integer, label text)");
        }
        bindings = new SqlAttackCorpus.Bindings(Files.createDirectories(directory.resolve("files")), Map.of());
    }

    /** The file's digest, its tables and its rows, through a fresh connection. */
    static List<Object> state() throws Exception {
        String digest =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM sqlite_master), (SELECT count(*) FROM"
                        + " orders), (SELECT sum(quantity) FROM orders), (SELECT group_concat(note) FROM canary)")) {
            rs.next();
            return List.of(digest, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4));
        }
    }

    @Test
    void everyAttackIsRefusedOrFailsAndOrdinaryQueriesRun() throws Exception {
        SqlAttackCorpus.assertCorpusSize("sqlite", 30);
        try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway(JdbcExternalSqlGateway.Options.defaults()
                .withPlatform(List.of(), List.of(directory.resolve("data"))))) {
            SqlAttackCorpus.Tool tool = new SqlAttackCorpus.Tool(gateway, "jdbc:sqlite:" + file, 2);

            assertThat(SqlAttackCorpus.runAttacks("sqlite", tool, bindings, SqlAttackCorpusSqliteIT::state))
                    .isEmpty();
            assertThat(SqlAttackCorpus.runReads("sqlite", tool)).isEmpty();
        }
    }

    @Test
    void theStatementGuardAloneRefusesEveryAttack() {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            ReadOnlyStatementGuard guard = new ReadOnlyStatementGuard(executor);
            for (SqlAttackCorpus.Entry entry : SqlAttackCorpus.entries(SqlAttackCorpus.Kind.ATTACK, "sqlite")) {
                assertThat(guard.check(Dialect.SQLITE, bindings.bind(entry.sql())))
                        .as(entry.toString())
                        .isInstanceOf(Verdict.Refused.class);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void withoutTheStatementGuardTheReadOnlyConnectionStillKeepsTheFileUnchanged() throws Exception {
        try (JdbcExternalSqlGateway gateway = new JdbcExternalSqlGateway()) {
            var spec = io.draftnrun.application.components.sql.SqlConnectionSpec.of("jdbc:sqlite:" + file);
            List<Object> before = state();
            for (SqlAttackCorpus.Entry entry : SqlAttackCorpus.attacks("sqlite")) {
                String output = gateway.execute(
                                spec,
                                bindings.bind(entry.sql()),
                                new io.draftnrun.application.components.sql.SqlQueryLimits(
                                        java.time.Duration.ofSeconds(2), 200))
                        .toToolText();
                assertThat(output).as(entry.toString()).doesNotContain(bindings.secret);
                assertThat(state()).as(entry.toString()).isEqualTo(before);
                assertThat(bindings.out).as(entry.toString()).doesNotExist();
            }
        }
    }
}
