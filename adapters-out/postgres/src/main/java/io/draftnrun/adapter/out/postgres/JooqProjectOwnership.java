package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.PROJECTS;

import io.draftnrun.application.organization.port.ProjectOwnership;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** The organization owning a project, for authorizing API-key operations and trace reads. */
public final class JooqProjectOwnership
        implements ProjectOwnership, io.draftnrun.application.trace.port.ProjectDirectory {
    private final DSLContext dsl;
    // asked on every API-key request: rendered once, executed as a prepared statement (see HotSql)
    private final HotSql.Statement organization;

    public JooqProjectOwnership(DSLContext dsl) {
        this.dsl = dsl;
        this.organization = HotSql.Statement.of(
                dsl.select(PROJECTS.ORGANIZATION_ID)
                        .from(PROJECTS)
                        .where(PROJECTS.ID.eq(HotSql.param("id", PROJECTS.ID))),
                "id");
    }

    @Override
    public Optional<OrganizationId> organizationOf(UUID projectId) {
        return HotSql.first(dsl, organization, row -> new OrganizationId(row.getObject(1, UUID.class)), projectId);
    }
}
