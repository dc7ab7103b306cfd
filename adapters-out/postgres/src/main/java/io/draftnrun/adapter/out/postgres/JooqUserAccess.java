package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.ORGANIZATION_MEMBERS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.USERS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.OrganizationMembers;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.Users;
import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.UserAccess;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A user's account and memberships in one statement: {@code users} left-joined to {@code organization_members}, one
 * row per membership (or one row without a membership). Asked on every request with a bearer token, so it is
 * rendered once and executed as a prepared statement (see HotSql).
 */
public final class JooqUserAccess implements UserAccess {
    private final DSLContext dsl;
    private final HotSql.Statement access;

    public JooqUserAccess(DSLContext dsl) {
        this.dsl = dsl;
        Users u = USERS.as("u");
        OrganizationMembers m = ORGANIZATION_MEMBERS.as("m");
        this.access = HotSql.Statement.of(
                dsl.select(
                                u.EMAIL,
                                u.PASSWORD_HASH,
                                u.PLATFORM_ADMIN,
                                u.CREATED_AT,
                                m.ORGANIZATION_ID,
                                m.ROLE,
                                u.PASSWORD_CHANGE_REQUIRED,
                                u.SESSION_EPOCH,
                                u.DELETED_AT)
                        .from(u)
                        .leftJoin(m)
                        .on(m.USER_ID.eq(u.ID))
                        .where(u.ID.eq(HotSql.param("user", u.ID))),
                "user");
    }

    @Override
    public Access of(UserId user) {
        return HotSql.query(
                dsl,
                access,
                rows -> {
                    Optional<UserAccount> account = Optional.empty();
                    Map<OrganizationId, Role> memberships = new HashMap<>();
                    while (rows.next()) {
                        if (account.isEmpty()) {
                            String email = rows.getString(1);
                            account = Optional.of(new UserAccount(
                                    user,
                                    email == null ? "" : email,
                                    Optional.ofNullable(rows.getString(2)),
                                    rows.getBoolean(3),
                                    rows.getObject(4, OffsetDateTime.class).toInstant(),
                                    rows.getBoolean(7),
                                    rows.getInt(8),
                                    Optional.ofNullable(rows.getObject(9, OffsetDateTime.class))
                                            .map(OffsetDateTime::toInstant)));
                        }
                        UUID organization = rows.getObject(5, UUID.class);
                        if (organization != null) {
                            memberships.put(new OrganizationId(organization), Role.fromWireName(rows.getString(6)));
                        }
                    }
                    return new Access(account, memberships);
                },
                user.value());
    }
}
