package io.draftnrun.adapter.out.postgres;

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
    // every REST run authenticates its key: a prepared statement (see HotSql)
    private static final String SQL = "SELECT k.id, k.key_name, k.public_key, k.project_id, k.creator_user_id,"
            + " k.is_active, k.revoker_user_id, k.created_at, k.revoked_at, p.organization_id"
            + " FROM api_keys k LEFT JOIN projects p ON p.id = k.project_id WHERE k.public_key = ?";

    private final DSLContext dsl;

    public JooqApiKeyGrants(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<Grant> findByHash(String keyHash) {
        return HotSql.first(
                dsl,
                SQL,
                row -> new Grant(
                        JooqApiKeyRepository.key(row),
                        Optional.ofNullable(row.getObject(10, UUID.class)).map(OrganizationId::new)),
                keyHash);
    }
}
