package io.draftnrun.adapter.out.postgres;

import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** The organization owning a project, for authorizing API-key operations and trace reads. */
public final class JooqProjectOwnership
        implements ProjectOwnership, io.draftnrun.application.trace.port.ProjectDirectory {
    private final DSLContext dsl;

    public JooqProjectOwnership(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<OrganizationId> organizationOf(UUID projectId) {
        // asked on every API-key request: a prepared statement (see HotSql)
        return HotSql.first(
                dsl,
                "SELECT organization_id FROM projects WHERE id = ?",
                row -> new OrganizationId(row.getObject(1, UUID.class)),
                projectId);
    }
}
