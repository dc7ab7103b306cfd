package io.draftnrun.application.project.port;

import io.draftnrun.domain.organization.OrganizationId;

/**
 * The organizations the project slice needs to know of: that a project's organization exists, and the ones the seed
 * command creates (the demo organization); owned by the organization slice.
 */
public interface OrganizationDirectory {
    /** Creates the organization with this id and name unless it exists. */
    void ensureExists(OrganizationId id, String name);

    /** Whether an organization of this id exists. */
    boolean exists(OrganizationId id);
}
