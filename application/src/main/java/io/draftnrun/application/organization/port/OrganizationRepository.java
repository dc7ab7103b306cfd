package io.draftnrun.application.organization.port;

import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.OrganizationMembers;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Organizations and their memberships. */
public interface OrganizationRepository {
    /** Creates the organization with its first member, atomically. */
    void create(Organization organization, Member firstMember);

    Optional<Organization> find(OrganizationId id);

    List<Organization> findAll(java.util.Collection<OrganizationId> ids);

    List<Organization> all();

    OrganizationMembers members(OrganizationId organization);

    /**
     * Applies {@code change} to the current members while no other change of the same organization runs (a row
     * lock), writes the difference and returns the result. Exceptions of {@code change} abort without writing.
     */
    OrganizationMembers modifyMembers(OrganizationId organization, UnaryOperator<OrganizationMembers> change);
}
