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

    /**
     * Throws FORBIDDEN unless the actor holds {@code right} in {@code organization}. The message does not reveal
     * whether the organization exists.
     */
    public void require(OrganizationId organization, Right right) {
        if (!has(organization, right)) {
            throw new DomainException(
                    ErrorCode.FORBIDDEN,
                    "this action needs the " + right.name().toLowerCase() + " right in the organization");
        }
    }

    public boolean isApiKey() {
        return apiKeyProjectId.isPresent();
    }
}
