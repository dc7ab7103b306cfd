package io.draftnrun.adapter.out.postgres;

import io.draftnrun.application.run.RunRepositoryContract;
import io.draftnrun.application.run.port.RunRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
