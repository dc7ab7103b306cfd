package io.draftnrun.adapter.out.postgres;

import io.draftnrun.application.organization.OrganizationSecretRepositoryContract;
import io.draftnrun.application.organization.port.OrganizationSecretRepository;
import io.draftnrun.domain.organization.OrganizationId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The organization secret repository contract on a real PostgreSQL migrated by Flyway. */
class JooqOrganizationSecretRepositoryIT extends OrganizationSecretRepositoryContract {
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
    protected OrganizationSecretRepository repository() {
        return new JooqOrganizationSecretRepository(db.dsl());
    }

    @Override
    protected OrganizationId newOrganization() {
        UUID id = UUID.randomUUID();
        db.dsl().execute("INSERT INTO organizations (id, name) VALUES (?, 'o')", id);
        return new OrganizationId(id);
    }
}
