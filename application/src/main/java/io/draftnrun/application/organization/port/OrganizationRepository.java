package io.draftnrun.application.organization.port;

import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.OrganizationMembers;
import io.draftnrun.domain.organization.Role;
import java.time.Instant;
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

    /**
     * Creates {@code account} and makes it a member with {@code role} in one transaction (CONFLICT when the e-mail is
     * taken, NOT_FOUND when the organization does not exist; nothing written then).
     */
    Member addNewUser(OrganizationId organization, UserAccount account, Role role, Instant at);
}
