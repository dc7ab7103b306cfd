package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.ORGANIZATIONS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.ORGANIZATION_MEMBERS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.REFRESH_TOKENS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.USERS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.UsersRecord;
import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Users in the backend database ({@code users}); e-mails stored lower-case. A deleted user stays as a tombstone row
 * (no e-mail, no password, {@code deleted_at} set); its memberships and refresh tokens go with the deletion.
 */
public final class JooqUserRepository implements UserRepository {
    private final DSLContext dsl;

    public JooqUserRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<UserAccount> findById(UserId id) {
        return dsl.selectFrom(USERS)
                .where(USERS.ID.eq(id.value()))
                .fetchOptional()
                .map(JooqUserRepository::toAccount);
    }

    @Override
    public Optional<UserAccount> findByEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return dsl.selectFrom(USERS)
                .where(USERS.EMAIL.eq(email.strip().toLowerCase(Locale.ROOT)))
                .fetchOptional()
                .map(JooqUserRepository::toAccount);
    }

    @Override
    public void create(UserAccount account) {
        try {
            dsl.insertInto(USERS)
                    .set(USERS.ID, account.id().value())
                    .set(USERS.EMAIL, emailOrNull(account.email()))
                    .set(USERS.PASSWORD_HASH, account.passwordHash().orElse(null))
                    .set(USERS.PLATFORM_ADMIN, account.platformAdmin())
                    .set(USERS.CREATED_AT, account.createdAt().atOffset(ZoneOffset.UTC))
                    .set(USERS.PASSWORD_CHANGE_REQUIRED, account.passwordChangeRequired())
                    .set(USERS.SESSION_EPOCH, account.sessionEpoch())
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new DomainException(ErrorCode.CONFLICT, "a user with this e-mail already exists");
        }
    }

    @Override
    public void rememberExternal(UserId id, String email) {
        dsl.insertInto(USERS)
                .set(USERS.ID, id.value())
                .set(USERS.EMAIL, emailOrNull(email))
                .onConflictDoNothing()
                .execute();
    }

    @Override
    public boolean anyPlatformAdmin() {
        return dsl.fetchExists(USERS, USERS.PLATFORM_ADMIN.isTrue().and(USERS.DELETED_AT.isNull()));
    }

    @Override
    public void changePassword(UserId id, String passwordHash, boolean changeRequired, Instant at) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            int changed = tx.update(USERS)
                    .set(USERS.PASSWORD_HASH, passwordHash)
                    .set(USERS.PASSWORD_CHANGE_REQUIRED, changeRequired)
                    .set(USERS.SESSION_EPOCH, USERS.SESSION_EPOCH.plus(1))
                    .where(USERS.ID.eq(id.value()))
                    .and(USERS.DELETED_AT.isNull())
                    .execute();
            if (changed == 0) {
                throw DomainException.notFound("user " + id);
            }
            revokeSessions(tx, id, at);
        });
    }

    @Override
    public void delete(UserId id, Instant at) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            boolean exists = tx.selectOne()
                    .from(USERS)
                    .where(USERS.ID.eq(id.value()))
                    .and(USERS.DELETED_AT.isNull())
                    .forUpdate()
                    .fetchOptional()
                    .isPresent();
            if (!exists) {
                throw DomainException.notFound("user " + id);
            }
            // the organizations the user belongs to, locked in one order (no deadlock with member changes)
            List<UUID> organizations = tx.select(ORGANIZATIONS.ID)
                    .from(ORGANIZATIONS)
                    .where(ORGANIZATIONS.ID.in(tx.select(ORGANIZATION_MEMBERS.ORGANIZATION_ID)
                            .from(ORGANIZATION_MEMBERS)
                            .where(ORGANIZATION_MEMBERS.USER_ID.eq(id.value()))))
                    .orderBy(ORGANIZATIONS.ID)
                    .forUpdate()
                    .fetch(ORGANIZATIONS.ID);
            for (UUID organization : organizations) {
                // the domain's rule: throws (and rolls everything back) when this was the last admin
                JooqOrganizationRepository.load(tx, new OrganizationId(organization))
                        .remove(id);
            }
            tx.deleteFrom(ORGANIZATION_MEMBERS)
                    .where(ORGANIZATION_MEMBERS.USER_ID.eq(id.value()))
                    .execute();
            tx.update(USERS)
                    .setNull(USERS.EMAIL)
                    .setNull(USERS.PASSWORD_HASH)
                    .set(USERS.PLATFORM_ADMIN, false)
                    .set(USERS.PASSWORD_CHANGE_REQUIRED, false)
                    .set(USERS.SESSION_EPOCH, USERS.SESSION_EPOCH.plus(1))
                    .set(USERS.DELETED_AT, at.atOffset(ZoneOffset.UTC))
                    .where(USERS.ID.eq(id.value()))
                    .execute();
            revokeSessions(tx, id, at);
        });
    }

    private static void revokeSessions(DSLContext tx, UserId id, Instant at) {
        tx.update(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.REVOKED_AT, at.atOffset(ZoneOffset.UTC))
                .where(REFRESH_TOKENS.USER_ID.eq(id.value()))
                .and(REFRESH_TOKENS.REVOKED_AT.isNull())
                .execute();
    }

    private static String emailOrNull(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private static UserAccount toAccount(UsersRecord r) {
        return new UserAccount(
                new UserId(r.getId()),
                r.getEmail() == null ? "" : r.getEmail(),
                Optional.ofNullable(r.getPasswordHash()),
                Boolean.TRUE.equals(r.getPlatformAdmin()),
                r.getCreatedAt().toInstant(),
                Boolean.TRUE.equals(r.getPasswordChangeRequired()),
                r.getSessionEpoch() == null ? 0 : r.getSessionEpoch(),
                Optional.ofNullable(r.getDeletedAt()).map(java.time.OffsetDateTime::toInstant));
    }
}
