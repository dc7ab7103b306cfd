package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.USERS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.UsersRecord;
import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** Users in the backend database ({@code users}); e-mails stored lower-case. */
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
        return dsl.fetchExists(USERS, USERS.PLATFORM_ADMIN.isTrue());
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
                r.getCreatedAt().toInstant());
    }
}
