package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.ORGANIZATIONS;

import io.draftnrun.application.project.port.OrganizationDirectory;
import io.draftnrun.domain.organization.OrganizationId;
import org.jooq.DSLContext;

/**
 * Whether organizations exist, and creates seeded ones (the demo organization) when they do not exist yet; members are
 * added later.
 */
public final class JooqOrganizationDirectory implements OrganizationDirectory {
    private final DSLContext dsl;

    public JooqOrganizationDirectory(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void ensureExists(OrganizationId id, String name) {
        dsl.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.ID, id.value())
                .set(ORGANIZATIONS.NAME, name)
                .onConflictDoNothing()
                .execute();
    }

    @Override
    public boolean exists(OrganizationId id) {
        return dsl.fetchExists(ORGANIZATIONS, ORGANIZATIONS.ID.eq(id.value()));
    }
}
