package io.draftnrun.domain.organization;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is acting: a signed-in user with the roles of their memberships, or a project API key. Every use case takes
 * the actor first and calls {@link #require} for the organization it touches; a platform super-admin passes every
 * organization check.
 *
 * @param userId the user, or for an API key the key's creator
 * @param email the user's e-mail when known (may be empty)
 * @param memberships the actor's role in each organization it belongs to
 * @param platformAdmin whether this user is a super-admin of the platform (crosses organizations)
 * @param apiKeyProjectId for an API-key actor, the only project it may run
 */
public record Actor(
        UserId userId,
        String email,
        Map<OrganizationId, Role> memberships,
        boolean platformAdmin,
        Optional<UUID> apiKeyProjectId) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        email = email == null ? "" : email;
        memberships = Map.copyOf(memberships);
        Objects.requireNonNull(apiKeyProjectId, "apiKeyProjectId");
    }

    public static Actor user(
            UserId userId, String email, Map<OrganizationId, Role> memberships, boolean platformAdmin) {
        return new Actor(userId, email, memberships, platformAdmin, Optional.empty());
    }

    public static Actor apiKey(UserId creator, OrganizationId organization, UUID projectId) {
        return new Actor(creator, "", Map.of(organization, Role.USER), false, Optional.of(projectId));
    }

    /** The actor's role in an organization, if it is a member. */
    public Optional<Role> roleIn(OrganizationId organization) {
        return Optional.ofNullable(memberships.get(organization));
    }

    public boolean has(OrganizationId organization, Right right) {
        if (platformAdmin) {
            return true;
        }
        return roleIn(organization).map(right::grantedTo).orElse(false);
    }

    /** Whether the actor may know that things of {@code organization} exist: a member, or a platform super-admin. */
    public boolean sees(OrganizationId organization) {
        return platformAdmin || memberships.containsKey(organization);
    }

    /**
     * The visibility rule (ADR 0005): throws NOT_FOUND, worded exactly as for a missing {@code what}, unless the actor
     * belongs to {@code organization}; so whether another organization's thing exists is never revealed.
     *
     * @param what the subject of the message, as its use case words a missing one (e.g. {@code "project " + id})
     */
    public void requireVisible(OrganizationId organization, String what) {
        if (!sees(organization)) {
            throw DomainException.notFound(what);
        }
    }

    /**
     * NOT_FOUND for a non-member (as {@link #requireVisible}, the subject being {@code what}), then FORBIDDEN unless the
     * actor holds {@code right} in {@code organization}: only members learn that they lack a right.
     */
    public void require(OrganizationId organization, Right right, String what) {
        requireVisible(organization, what);
        if (!has(organization, right)) {
            throw new DomainException(
                    ErrorCode.FORBIDDEN,
                    "this action needs the " + right.name().toLowerCase() + " right in the organization");
        }
    }

    /** {@link #require(OrganizationId, Right, String)} for an organization named by its id: NOT_FOUND "organization". */
    public void require(OrganizationId organization, Right right) {
        require(organization, right, "organization");
    }

    public boolean isApiKey() {
        return apiKeyProjectId.isPresent();
    }
}
