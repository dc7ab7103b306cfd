package io.draftnrun.adapter.out.postgres;

import io.draftnrun.application.organization.UserRepositoryContract;
import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.application.organization.port.UserRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The user repository contract on a real PostgreSQL migrated by Flyway. */
class JooqUserRepositoryIT extends UserRepositoryContract {
    private static EmbeddedPostgres postgres;
    private static PostgresDatabase db;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        db = new PostgresDatabase("backend", new PostgresUrl(postgres.getJdbcUrl("postgres", "postgres"), "", ""), 4);
        db.migrate();
    }

    @AfterAll
    static void stop() throws IOException {
        db.close();
        postgres.close();
    }

    @Override
    protected UserRepository users() {
        return new JooqUserRepository(db.dsl());
    }

    @Override
    protected OrganizationRepository organizations() {
        return new JooqOrganizationRepository(db.dsl());
    }

    @Override
    protected RefreshTokenRepository refreshTokens() {
        return new JooqRefreshTokenRepository(db.dsl());
    }
}
