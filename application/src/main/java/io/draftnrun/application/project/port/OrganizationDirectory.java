package io.draftnrun.application.project.port;

import io.draftnrun.domain.organization.OrganizationId;

/** The organizations the seed command needs to exist (the demo organization); owned by the organization slice. */
public interface OrganizationDirectory {
    /** Creates the organization with this id and name unless it exists. */
    void ensureExists(OrganizationId id, String name);
}
