package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.shared.port.DataChanges;
import io.draftnrun.application.shared.port.DataChanges.Change;
import io.draftnrun.application.shared.port.DataChanges.Change.ApiKeyChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.GraphChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.ProjectChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.UserChanged;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.ProjectId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database announces committed changes to what runs look up (migration V6) and the feed hands them over; a lost
 * connection resets listeners, which are told once it is live again.
 */
class PostgresDataChangesIT {
    private static EmbeddedPostgres postgres;
    private static PostgresDatabase db;
    private static PostgresDataChanges feed;
    private static final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        PostgresUrl url = new PostgresUrl(postgres.getJdbcUrl("postgres", "postgres"), "", "");
        db = new PostgresDatabase("backend", url, 2);
        db.migrate();
        feed = new PostgresDataChanges(url, Duration.ofMillis(200), Duration.ofMillis(100)).start();
        feed.subscribe(new DataChanges.Listener() {
            @Override
            public void changed(Change change) {
                seen.add(change);
            }

            @Override
            public void reset() {
                seen.add("reset");
            }

            @Override
            public void live() {
                seen.add("live");
            }
        });
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("live");
    }

    @AfterAll
    static void stop() throws IOException {
        feed.close();
        db.close();
        postgres.close();
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static Object next() throws InterruptedException {
        Object o = seen.poll(10, TimeUnit.SECONDS);
        assertThat(o).as("an announcement").isNotNull();
        return o;
    }

    private static Change project(UUID id) {
        return new ProjectChanged(Optional.of(new ProjectId(id)));
    }

    private static Change graph(UUID project) {
        return new GraphChanged(Optional.of(new ProjectId(project)));
    }

    private static Change user(UUID id) {
        return new UserChanged(Optional.of(new UserId(id)));
    }

    private static Change key(String hash) {
        return new ApiKeyChanged(Optional.of(hash));
    }

    @Test
    void committedChangesAreAnnouncedWithTheirKeysAndRolledBackOnesAreNot() throws Exception {
        seen.clear();
        UUID org = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        sql(
                "INSERT INTO organizations (id, name) VALUES ('" + org + "', 'o')",
                "INSERT INTO projects (id, organization_id, name, description) VALUES ('" + project + "', '" + org
                        + "', 'p', '')", // a new project is not announced: nothing could have kept it
                "UPDATE projects SET name = 'renamed' WHERE id = '" + project + "'", // nor a renaming
                "INSERT INTO graph_versions (id, project_id, binding, revision) VALUES ('" + version + "', '" + project
                        + "', 'DRAFT', 1)");
        assertThat(next()).isEqualTo(graph(project));

        sql("BEGIN", "UPDATE graph_versions SET revision = 2 WHERE id = '" + version + "'", "ROLLBACK");
        sql("INSERT INTO users (id, email) VALUES ('" + user + "', 'u@example.com')");
        assertThat(next()).as("the rolled-back save was not announced").isEqualTo(user(user));

        sql("INSERT INTO organization_members (organization_id, user_id, role) VALUES ('" + org + "', '" + user
                + "', 'admin')");
        assertThat(next()).isEqualTo(user(user));

        sql("INSERT INTO api_keys (id, key_name, public_key, project_id, creator_user_id) VALUES ('" + UUID.randomUUID()
                + "', 'k', 'hash-1', '" + project + "', '" + user + "')");
        sql("UPDATE api_keys SET is_active = false WHERE public_key = 'hash-1'");
        assertThat(next()).as("a new key is not announced, its revocation is").isEqualTo(key("hash-1"));

        sql("DELETE FROM projects WHERE id = '" + project + "'"); // cascades to its versions and keys
        assertThat(List.of(next(), next(), next()))
                .containsExactlyInAnyOrder(project(project), graph(project), key("hash-1"));

        sql("TRUNCATE organization_members");
        assertThat(next()).isEqualTo(new UserChanged(Optional.empty()));
        assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).as("nothing else").isNull();
    }

    @Test
    void aLostConnectionResetsListenersUntilTheFeedIsLiveAgain() throws Exception {
        seen.clear();
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'draftnrun-changes'");
        assertThat(next()).isEqualTo("reset");
        assertThat(next()).isEqualTo("live");
        UUID user = UUID.randomUUID();
        sql("INSERT INTO users (id, email) VALUES ('" + user + "', 'again@example.com')");
        assertThat(next()).as("changes are announced again").isEqualTo(user(user));
    }

    @Test
    void writesThroughThisInstanceAreAnnouncedOnceCommittedBeforeTheDatabaseDoes() throws Exception {
        BlockingQueue<Change> local = new LinkedBlockingQueue<>();
        PostgresDataChanges watching = new PostgresDataChanges(
                        new PostgresUrl(postgres.getJdbcUrl("postgres", "postgres"), "", ""),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1))
                .watchingLocalWrites(db); // not started: only what this instance writes
        watching.subscribe(new DataChanges.Listener() {
            @Override
            public void changed(Change change) {
                local.add(change);
            }

            @Override
            public void reset() {}

            @Override
            public void live() {}
        });
        UUID user = UUID.randomUUID();
        db.dsl().execute("INSERT INTO users (id, email) VALUES ('" + user + "', 'local@example.com')");
        assertThat(local.poll()).as("a statement on its own: at once").isEqualTo(new UserChanged(Optional.empty()));

        db.dsl().transaction(tx -> {
            org.jooq.impl.DSL.using(tx).execute("UPDATE users SET email = 'l2@example.com' WHERE id = '" + user + "'");
            org.jooq.impl.DSL.using(tx).execute("DELETE FROM api_keys WHERE false");
            assertThat(local).as("not before the commit").isEmpty();
        });
        assertThat(List.of(local.poll(), local.poll()))
                .containsExactlyInAnyOrder(new UserChanged(Optional.empty()), new ApiKeyChanged(Optional.empty()));

        try {
            db.dsl().transaction(tx -> {
                org.jooq.impl.DSL.using(tx).execute("DELETE FROM users WHERE id = '" + user + "'");
                throw new IllegalStateException("rolled back");
            });
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        db.dsl().fetch("SELECT * FROM projects");
        db.dsl().execute("UPDATE organizations SET name = name WHERE false");
        assertThat(local).as("nothing for a rollback, a read or another table").isEmpty();
    }

    @Test
    void payloadsOfOtherVersionsAreIgnored() {
        UUID id = UUID.randomUUID();
        assertThat(PostgresDataChanges.parse("graph:" + id)).contains(graph(id));
        assertThat(PostgresDataChanges.parse("project:" + id)).contains(project(id));
        assertThat(PostgresDataChanges.parse("user:" + id)).contains(user(id));
        assertThat(PostgresDataChanges.parse("key:abc")).contains(key("abc"));
        assertThat(PostgresDataChanges.parse("key:*")).contains(new ApiKeyChanged(Optional.empty()));
        assertThat(PostgresDataChanges.parse("project:*")).contains(new ProjectChanged(Optional.empty()));
        assertThat(PostgresDataChanges.parse("graph:abc"))
                .as("a key that is not an id is the whole topic: nothing stale is kept")
                .contains(new GraphChanged(Optional.empty()));
        assertThat(PostgresDataChanges.parse("workspace:1")).isEmpty();
        assertThat(PostgresDataChanges.parse("nonsense")).isEmpty();
    }
}
