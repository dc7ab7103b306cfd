package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.API_KEYS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.PROJECTS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.ApiKeys;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.Projects;
import io.draftnrun.application.organization.port.ApiKeyGrants;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * An API key and its project's organization in one statement: {@code api_keys} joined to {@code projects} (a left
 * join: keys are deleted with their project by a foreign key, and one without a project would grant no organization).
 */
public final class JooqApiKeyGrants implements ApiKeyGrants {
    private final DSLContext dsl;
    // every REST run authenticates its key: rendered once, executed as a prepared statement (see HotSql)
    private final HotSql.Statement grant;

    public JooqApiKeyGrants(DSLContext dsl) {
        this.dsl = dsl;
        ApiKeys k = API_KEYS.as("k");
        Projects p = PROJECTS.as("p");
        this.grant = HotSql.Statement.of(
                dsl.select(
                                k.ID,
                                k.KEY_NAME,
                                k.PUBLIC_KEY,
                                k.PROJECT_ID,
                                k.CREATOR_USER_ID,
                                k.IS_ACTIVE,
                                k.REVOKER_USER_ID,
                                k.CREATED_AT,
                                k.REVOKED_AT,
                                p.ORGANIZATION_ID)
                        .from(k)
                        .leftJoin(p)
                        .on(p.ID.eq(k.PROJECT_ID))
                        .where(k.PUBLIC_KEY.eq(HotSql.param("public_key", k.PUBLIC_KEY))),
                "public_key");
    }

    @Override
    public Optional<Grant> findByHash(String keyHash) {
        return HotSql.first(
                dsl,
                grant,
                row -> new Grant(
                        JooqApiKeyRepository.key(row),
                        Optional.ofNullable(row.getObject(10, UUID.class)).map(OrganizationId::new)),
                keyHash);
    }
}
