package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.knowledge.SourceRow;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rows of a database source read from a real PostgreSQL: keyset pages, catalog-checked quoted names, read-only. */
class JdbcSourceRowReaderIT {
    private static EmbeddedPostgres postgres;
    private static Connection admin;
    private static String url;
    private static JdbcSourceRowReader reader;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE crm");
            s.execute("CREATE ROLE reader LOGIN PASSWORD 'Sup3r-Secret'");
        }
        admin = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "crm"));
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE tickets (id integer PRIMARY KEY, title text, body text, team text,"
                    + " priority integer, updated timestamptz)");
            s.execute("INSERT INTO tickets SELECT g, 'Ticket ' || g, 'Body of ticket ' || g,"
                    + " CASE WHEN g % 2 = 0 THEN 'ops' ELSE 'it' END, g % 5, timestamptz '2024-01-01 10:00:00+00'"
                    + " FROM generate_series(1, 450) g");
            // reserved words as names, and a table created unquoted (lower case) that the source names in capitals
            s.execute("CREATE TABLE \"order\" (\"select\" uuid PRIMARY KEY, \"from\" text)");
            s.execute("CREATE TABLE Notes (Id bigint PRIMARY KEY, Txt text)");
            s.execute("INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
            // a view whose reading writes: only a read-write transaction could read it
            s.execute("CREATE TABLE audit (at timestamptz)");
            s.execute("CREATE FUNCTION touch() RETURNS text LANGUAGE plpgsql VOLATILE AS"
                    + " $$ BEGIN INSERT INTO audit VALUES (now()); RETURN 'x'; END $$");
            s.execute("CREATE VIEW sneaky AS SELECT id, touch() AS txt FROM tickets");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
        }
        // a read-only account, as a DATABASE source must use (a superuser is refused at connect)
        url = postgres.getJdbcUrl("reader", "crm") + "&password=Sup3r-Secret";
        reader = new JdbcSourceRowReader(PostgresJdbcExternalSqlGatewayIT.LOCAL, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        reader.close();
        admin.close();
        postgres.close();
    }

    private static DatabaseSourceSettings tickets() {
        return new DatabaseSourceSettings(
                "crm_url",
                "tickets",
                "id",
                List.of("title", "body"),
                List.of("team", "priority"),
                Optional.of("updated"),
                true);
    }

    @Test
    void readsEveryRowOnceInIdOrderPageByPage() {
        assertThat(reader.count(url, tickets())).isEqualTo(450);
        List<SourceRow> all = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Optional<Object> after = Optional.empty();
        while (true) {
            List<SourceRow> page = reader.page(url, tickets(), after, 200);
            if (page.isEmpty()) {
                break;
            }
            pageSizes.add(page.size());
            all.addAll(page);
            after = Optional.of(page.getLast().id());
        }

        assertThat(pageSizes).containsExactly(200, 200, 50);
        assertThat(all).extracting(SourceRow::idText).doesNotHaveDuplicates().hasSize(450);
        assertThat(all.stream().map(r -> ((Number) r.id()).intValue()).toList()).isSorted();
        SourceRow seventh = all.get(6);
        assertThat(seventh.values())
                .containsEntry("title", "Ticket 7")
                .containsEntry("body", "Body of ticket 7")
                .containsEntry("team", "it")
                .containsEntry("priority", 2L)
                .containsKey("updated");
        assertThat((String) seventh.values().get("updated")).startsWith("2024-01-01");
    }

    @Test
    void namesAreCheckedAgainstTheCatalogAndQuoted() throws Exception {
        UUID first = UUID.fromString("00000000-0000-0000-0000-000000000001");
        try (Statement s = admin.createStatement()) {
            s.execute("INSERT INTO \"order\" VALUES ('" + first
                    + "', 'a'), ('00000000-0000-0000-0000-000000000002', 'b')");
        }
        var order =
                new DatabaseSourceSettings("k", "order", "select", List.of("from"), List.of(), Optional.empty(), false);
        List<SourceRow> page = reader.page(url, order, Optional.empty(), 1);
        assertThat(page).extracting(SourceRow::id).containsExactly(first);
        assertThat(reader.page(url, order, Optional.of(page.getFirst().id()), 10))
                .extracting(r -> r.values().get("from"))
                .containsExactly("b");

        var notes = new DatabaseSourceSettings("k", "NOTES", "ID", List.of("TXT"), List.of(), Optional.empty(), false);
        assertThat(reader.page(url, notes, Optional.empty(), 10))
                .extracting(r -> r.values().get("TXT"))
                .containsExactly("one", "two");

        // a hostile name never gets as far as the database: settings only take plain identifiers
        assertThatThrownBy(() -> new DatabaseSourceSettings(
                        "k", "tickets; DROP TABLE tickets", "id", List.of("body"), List.of(), Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatabaseSourceSettings(
                        "k", "tickets", "id", List.of("body\" FROM tickets; --"), List.of(), Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
        // and whatever reaches the SQL text is quoted with quotes doubled
        assertThat(JdbcExternalSqlGateway.quoted("a\"; DROP TABLE tickets; --", "\""))
                .isEqualTo("\"a\"\"; DROP TABLE tickets; --\"");
        assertThat(reader.count(url, tickets())).isEqualTo(450);
    }

    @Test
    void readsRunInAReadOnlyTransaction() throws Exception {
        var sneaky =
                new DatabaseSourceSettings("k", "sneaky", "id", List.of("txt"), List.of(), Optional.empty(), false);

        assertThatThrownBy(() -> reader.page(url, sneaky, Optional.empty(), 10))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("reading the table sneaky failed")
                .hasMessageContaining("read-only transaction");
        try (Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM audit")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aMissingTableOrColumnOrAnUnreachableDatabaseFailsClearlyWithoutThePassword() throws Exception {
        var missing =
                new DatabaseSourceSettings("k", "nope", "id", List.of("body"), List.of(), Optional.empty(), false);
        assertThatThrownBy(() -> reader.count(url, missing))
                .hasMessageContaining("the table nope does not exist")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
        var noColumn = new DatabaseSourceSettings(
                "k", "tickets", "id", List.of("summary"), List.of(), Optional.empty(), false);
        assertThatThrownBy(() -> reader.page(url, noColumn, Optional.empty(), 10))
                .hasMessageContaining("the table tickets has no column summary");

        String wrongPassword = postgres.getJdbcUrl("ghost", "crm") + "&password=Wr0ng-Secret";
        assertThatThrownBy(() -> reader.count(wrongPassword, tickets()))
                .hasMessageContaining("reading the table tickets failed")
                .hasMessageNotContaining("Wr0ng-Secret");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String refused = "postgresql://reader:Sup3r-Secret@localhost:" + closedPort + "/crm";
        assertThatThrownBy(() -> reader.count(refused, tickets()))
                .hasMessageContaining("could not connect")
                .hasMessageNotContaining("Sup3r-Secret");
        assertThatThrownBy(() -> reader.count(url + "&socketFactory=x.Y", tickets()))
                .hasMessageContaining("socketfactory");
        assertThatThrownBy(() -> reader.count("not a url", tickets()))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.VALIDATION);
    }

    @Test
    void aSuperuserSourceIsRefusedWithTheReadOnlyRoleAdvice() {
        assertThatThrownBy(() -> reader.count(postgres.getJdbcUrl("postgres", "crm"), tickets()))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("reading the table tickets failed")
                .hasMessageContaining("is a superuser")
                .hasMessageContaining("CREATE ROLE draftnrun_reader");
    }
}
