package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.RunRepositoryContract;
import io.draftnrun.application.run.port.RunInstances;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The run repository contract on a real PostgreSQL migrated with the backend migrations (V4 included). */
class JooqRunRepositoryIT extends RunRepositoryContract {
    private static EmbeddedPostgres postgres;
    private static PostgresDatabase database;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        database = new PostgresDatabase(
                "backend", new PostgresUrl(postgres.getJdbcUrl("postgres", "postgres"), "postgres", ""), 4);
        database.migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
        postgres.close();
    }

    @Override
    protected RunRepository repository() {
        return new JooqRunRepository(database.dsl());
    }

    @Override
    protected RunInstances instances() {
        return new JooqRunInstances(database.dsl());
    }

    @Test
    void instancesBeatOnTheDatabasesClockAndAGoneProcessOnThisMachineIsForgotten() {
        JooqRunInstances instances = new JooqRunInstances(database.dsl());
        InstanceId here = InstanceId.random();
        InstanceId gone = InstanceId.random();
        InstanceId elsewhere = InstanceId.random();
        instances.register(here, "machine-a", "10@1");
        instances.register(gone, "machine-a", "11@1");
        instances.register(elsewhere, "machine-b", "11@1");
        assertThat(instances.alive(here, Duration.ofSeconds(30))).isTrue();
        assertThat(instances.beat(here)).isTrue();

        assertThat(instances.forgetGone("machine-a", process -> process.startsWith("11@")))
                .isEqualTo(1);
        assertThat(instances.alive(gone, Duration.ofSeconds(30))).isFalse();
        assertThat(instances.alive(elsewhere, Duration.ofSeconds(30))).isTrue();
        assertThat(instances.beat(gone)).as("forgotten: it registers again").isFalse();
        instances.deregister(here);
        assertThat(instances.alive(here, Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void aStoppedDatabaseIsUnavailableNotAnInternalError() throws Exception {
        EmbeddedPostgres own = EmbeddedPostgres.builder().start();
        PostgresDatabase db =
                new PostgresDatabase("backend", new PostgresUrl(own.getJdbcUrl("postgres", "postgres"), "", ""), 2);
        try {
            db.migrate();
            JooqRunRepository runs = new JooqRunRepository(db.dsl());
            own.close();
            long started = System.nanoTime();
            assertThatThrownBy(() -> runs.find(io.draftnrun.domain.run.RunId.random()))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThatThrownBy(() -> runs.claim(io.draftnrun.domain.run.RunId.random(), InstanceId.random()))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThatThrownBy(() -> new JooqRunInstances(db.dsl()).beat(InstanceId.random()))
                    .as("prepared statements too")
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        } finally {
            db.close();
            own.close();
        }
    }
}
