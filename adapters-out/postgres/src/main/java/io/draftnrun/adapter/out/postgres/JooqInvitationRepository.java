package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.INVITATIONS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.InvitationsRecord;
import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.InvitationRepository;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Invitations in the backend database (only the SHA-256 of a token). Accepting one is a single transaction: the
 * invitation row is locked while still pending, the account (when new) and the membership are written, and the
 * invitation is marked accepted, or nothing is.
 */
public final class JooqInvitationRepository implements InvitationRepository {
    private final DSLContext dsl;

    public JooqInvitationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void create(Invitation invitation) {
        dsl.insertInto(INVITATIONS)
                .set(INVITATIONS.ID, invitation.id().value())
                .set(INVITATIONS.ORGANIZATION_ID, invitation.organization().value())
                .set(INVITATIONS.EMAIL, invitation.email())
                .set(INVITATIONS.ROLE, invitation.role().wireName())
                .set(INVITATIONS.TOKEN_HASH, invitation.tokenHash())
                .set(INVITATIONS.INVITED_BY, invitation.invitedBy().value())
                .set(INVITATIONS.CREATED_AT, time(invitation.createdAt()))
                .set(INVITATIONS.EXPIRES_AT, time(invitation.expiresAt()))
                .execute();
    }

    @Override
    public Optional<Invitation> find(InvitationId id) {
        return dsl.selectFrom(INVITATIONS)
                .where(INVITATIONS.ID.eq(id.value()))
                .fetchOptional()
                .map(JooqInvitationRepository::invitation);
    }

    @Override
    public Optional<Invitation> findByTokenHash(String tokenHash) {
        return dsl.selectFrom(INVITATIONS)
                .where(INVITATIONS.TOKEN_HASH.eq(tokenHash))
                .fetchOptional()
                .map(JooqInvitationRepository::invitation);
    }

    @Override
    public List<Invitation> pending(OrganizationId organization, Instant now) {
        return dsl.selectFrom(INVITATIONS)
                .where(INVITATIONS.ORGANIZATION_ID.eq(organization.value()))
                .and(INVITATIONS.ACCEPTED_AT.isNull())
                .and(INVITATIONS.REVOKED_AT.isNull())
                .and(INVITATIONS.EXPIRES_AT.gt(time(now)))
                .orderBy(INVITATIONS.CREATED_AT.desc(), INVITATIONS.ID)
                .limit(1_000)
                .fetch(JooqInvitationRepository::invitation);
    }

    @Override
    public Invitation revoke(InvitationId id, Instant at) {
        dsl.update(INVITATIONS)
                .set(INVITATIONS.REVOKED_AT, time(at))
                .where(INVITATIONS.ID.eq(id.value()))
                .and(INVITATIONS.ACCEPTED_AT.isNull())
                .and(INVITATIONS.REVOKED_AT.isNull())
                .execute();
        return find(id).orElseThrow(() -> DomainException.notFound("invitation " + id));
    }

    @Override
    public Member accept(InvitationId id, UserId user, Optional<UserAccount> newAccount, Instant now) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Invitation invitation = tx.selectFrom(INVITATIONS)
                    .where(INVITATIONS.ID.eq(id.value()))
                    .forUpdate()
                    .fetchOptional()
                    .map(JooqInvitationRepository::invitation)
                    .filter(i -> i.pendingAt(now))
                    .orElseThrow(() -> DomainException.notFound("invitation (unknown, used, revoked or expired)"));
            newAccount.ifPresent(account -> new JooqUserRepository(tx).create(account));
            Member member = new JooqOrganizationRepository(tx)
                    .modifyMembers(
                            invitation.organization(), m -> m.add(user, invitation.email(), invitation.role(), now))
                    .find(user)
                    .orElseThrow();
            tx.update(INVITATIONS)
                    .set(INVITATIONS.ACCEPTED_AT, time(now))
                    .set(INVITATIONS.ACCEPTED_BY, user.value())
                    .where(INVITATIONS.ID.eq(id.value()))
                    .execute();
            return member;
        });
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Invitation invitation(InvitationsRecord r) {
        return new Invitation(
                new InvitationId(r.getId()),
                new OrganizationId(r.getOrganizationId()),
                r.getEmail(),
                Role.fromWireName(r.getRole()),
                r.getTokenHash(),
                new UserId(r.getInvitedBy()),
                r.getCreatedAt().toInstant(),
                r.getExpiresAt().toInstant(),
                Optional.ofNullable(r.getAcceptedAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(r.getRevokedAt()).map(OffsetDateTime::toInstant));
    }
}
