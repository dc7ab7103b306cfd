package io.draftnrun.domain.organization;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An admin's invitation of an e-mail address into an organization with a role, as stored: the hash of its token
 * (never the token), who invited and when, until when it may be accepted, and whether it was accepted or revoked. It
 * is accepted at most once.
 */
public record Invitation(
        InvitationId id,
        OrganizationId organization,
        String email,
        Role role,
        String tokenHash,
        UserId invitedBy,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> acceptedAt,
        Optional<Instant> revokedAt) {
    public Invitation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(invitedBy, "invitedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** Whether it may still be accepted at {@code now}: neither accepted, revoked nor expired. */
    public boolean pendingAt(Instant now) {
        return acceptedAt.isEmpty() && revokedAt.isEmpty() && now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Invitation[" + id + ", " + organization + ", " + role + "]"; // never the token hash
    }
}
