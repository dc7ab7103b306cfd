package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.organization.ApiKeyRepositoryContract;
import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.application.organization.port.ApiKeyRepository;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.OrganizationId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API key contract on a real PostgreSQL migrated by Flyway, plus the cascade only the database does. */
class JooqApiKeyRepositoryIT extends ApiKeyRepositoryContract {
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
    protected ApiKeyRepository repository() {
        return new JooqApiKeyRepository(db.dsl());
    }

    @Override
    protected ApiKeyGrants grants() {
        return new JooqApiKeyGrants(db.dsl());
    }

    @Override
    protected UUID newProject(OrganizationId organization) {
        UUID id = UUID.randomUUID();
        db.dsl()
                .execute(
                        "INSERT INTO projects (id, organization_id, name, description) VALUES (?, ?, 'p', '')",
                        id,
                        organization.value());
        return id;
    }

    @Override
    protected void deleteProject(UUID project) {
        db.dsl().execute("DELETE FROM projects WHERE id = ?", project);
    }

    @Test
    void aDeletedProjectTakesItsKeysAlong() {
        UUID project = newProject(new OrganizationId(UUID.randomUUID()));
        ApiKey key = newKey(project, "ci", Instant.now());
        deleteProject(project);
        assertThat(repository().find(key.id())).isEmpty();
        assertThat(grants().findByHash(key.keyHash())).isEmpty();
    }
}
