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

    public JooqProjectOwnership(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<OrganizationId> organizationOf(UUID projectId) {
        return dsl.select(PROJECTS.ORGANIZATION_ID)
                .from(PROJECTS)
                .where(PROJECTS.ID.eq(projectId))
                .fetchOptional(PROJECTS.ORGANIZATION_ID)
                .map(OrganizationId::new);
    }
}
