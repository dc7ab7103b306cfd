package io.draftnrun.adapter.out.postgres;

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
 * row per membership (or one row without a membership). Asked on every request with a bearer token, so it is plain
 * prepared SQL (see HotSql).
 */
public final class JooqUserAccess implements UserAccess {
    private static final String SQL = "SELECT u.email, u.password_hash, u.platform_admin, u.created_at,"
            + " m.organization_id, m.role, u.password_change_required, u.session_epoch, u.deleted_at"
            + " FROM users u LEFT JOIN organization_members m ON m.user_id = u.id WHERE u.id = ?";

    private final DSLContext dsl;

    public JooqUserAccess(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Access of(UserId user) {
        return HotSql.query(
                dsl,
                SQL,
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
