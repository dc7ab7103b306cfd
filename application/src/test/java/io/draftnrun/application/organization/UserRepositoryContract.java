package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.organization.port.OrganizationRepository;
import io.draftnrun.application.organization.port.RefreshTokenRepository;
import io.draftnrun.application.organization.port.UserRepository;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every user repository does: e-mails stored lower-case and unique when present, found in any case; external
 * users remembered once; a password change and a deletion end every session; a deletion leaves a tombstone without
 * e-mail or password, takes the memberships along unless an organization would lose its last admin, and frees the
 * e-mail. Memberships are those of {@link #organizations()}, refresh tokens those of {@link #refreshTokens()}.
 */
public abstract class UserRepositoryContract {
    protected abstract UserRepository users();

    protected abstract OrganizationRepository organizations();

    protected abstract RefreshTokenRepository refreshTokens();

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID() + "@x.io";
    }

    private UserId newUser(String email, boolean admin) {
        UserId id = new UserId(UUID.randomUUID());
        users().create(new UserAccount(id, email, Optional.of("$2a$hash"), admin, now));
        return id;
    }

    private static ErrorCode codeOf(Throwable e) {
        return ((DomainException) e).code();
    }

    private String session(UserId user) {
        String hash = UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", "");
        refreshTokens().save(new RefreshToken(hash, user, now.plusSeconds(3600), UUID.randomUUID()));
        return hash;
    }

    @Test
    void anEmailIsStoredLowerCaseFoundInAnyCaseAndUnique() {
        String email = unique("Carol");
        UserId id = newUser(email.toUpperCase(java.util.Locale.ROOT), false);
        UserAccount stored = users().findById(id).orElseThrow();
        assertThat(stored.email()).isEqualTo(email.toLowerCase(java.util.Locale.ROOT));
        assertThat(stored.passwordHash()).contains("$2a$hash");
        assertThat(stored.createdAt()).isEqualTo(now);
        assertThat(stored.deleted()).isFalse();
        assertThat(users().findByEmail(email)).map(UserAccount::id).contains(id);
        assertThat(users().findByEmail(email.toUpperCase(java.util.Locale.ROOT)))
                .map(UserAccount::id)
                .contains(id);

        assertThatThrownBy(() -> newUser(email.toLowerCase(java.util.Locale.ROOT), false))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.CONFLICT));
        assertThat(users().findById(new UserId(UUID.randomUUID()))).isEmpty();
        assertThat(users().findByEmail(unique("nobody"))).isEmpty();
    }

    @Test
    void usersWithoutEmailAreManyAndNoneIsFoundByAnEmptyOne() {
        UserId a = newUser("", false);
        UserId b = newUser("", false);
        assertThat(users().findById(a).orElseThrow().email()).isEmpty();
        assertThat(users().findById(b)).isPresent();
        assertThat(users().findByEmail("")).isEmpty();
    }

    @Test
    void anExternalUserIsRememberedOnce() {
        UserId external = new UserId(UUID.randomUUID());
        String email = unique("ext");
        users().rememberExternal(external, email);
        UserAccount remembered = users().findById(external).orElseThrow();
        assertThat(remembered.email()).isEqualTo(email);
        assertThat(remembered.passwordHash()).isEmpty();
        assertThat(remembered.platformAdmin()).isFalse();

        users().rememberExternal(external, unique("changed"));
        assertThat(users().findById(external).orElseThrow().email()).isEqualTo(email);

        UserId sameEmail = new UserId(UUID.randomUUID());
        users().rememberExternal(sameEmail, email);
        assertThat(users().findById(sameEmail)).as("the e-mail is taken").isEmpty();
        assertThat(users().findByEmail(email)).map(UserAccount::id).contains(external);
    }

    @Test
    void aPlatformAdminIsSeen() {
        UserId admin = newUser(unique("root"), true);
        assertThat(users().findById(admin).orElseThrow().platformAdmin()).isTrue();
        assertThat(users().anyPlatformAdmin()).isTrue();
    }

    @Test
    void aPasswordChangeEndsEverySession() {
        UserId id = newUser(unique("pw"), false);
        String token = session(id);
        int epoch = users().findById(id).orElseThrow().sessionEpoch();

        users().changePassword(id, "$2a$new", true, now.plusSeconds(1));
        UserAccount changed = users().findById(id).orElseThrow();
        assertThat(changed.passwordHash()).contains("$2a$new");
        assertThat(changed.passwordChangeRequired()).isTrue();
        assertThat(changed.sessionEpoch()).isEqualTo(epoch + 1);
        assertThat(refreshTokens().consume(token, now.plusSeconds(2))).isEmpty();

        assertThatThrownBy(() -> users().changePassword(new UserId(UUID.randomUUID()), "$2a$x", false, now))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aDeletionLeavesATombstoneEndsSessionsTakesMembershipsAndFreesTheEmail() {
        String email = unique("gone");
        UserId admin = newUser(unique("admin"), false);
        UserId member = newUser(email, true);
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        organizations().create(new Organization(org, "Org", now), new Member(admin, "", Role.ADMIN, now));
        organizations().modifyMembers(org, m -> m.add(member, "", Role.DEVELOPER, now));
        String token = session(member);
        int epoch = users().findById(member).orElseThrow().sessionEpoch();

        users().delete(member, now.plusSeconds(5));
        UserAccount tombstone = users().findById(member).orElseThrow();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.deletedAt()).contains(now.plusSeconds(5));
        assertThat(tombstone.email()).isEmpty();
        assertThat(tombstone.passwordHash()).isEmpty();
        assertThat(tombstone.platformAdmin()).isFalse();
        assertThat(tombstone.sessionEpoch()).isEqualTo(epoch + 1);
        assertThat(refreshTokens().consume(token, now.plusSeconds(6))).isEmpty();
        assertThat(organizations().members(org).members()).containsOnlyKeys(admin);
        assertThat(users().findByEmail(email)).isEmpty();

        // an external token of the same subject does not bring the user back
        users().rememberExternal(member, email);
        assertThat(users().findById(member).orElseThrow().deleted()).isTrue();
        assertThatThrownBy(() -> users().delete(member, now))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> users().changePassword(member, "$2a$x", false, now))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> users().delete(new UserId(UUID.randomUUID()), now))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_FOUND));

        // the e-mail is free again
        UserId again = newUser(email, false);
        assertThat(users().findByEmail(email)).map(UserAccount::id).contains(again);
    }

    @Test
    void theLastAdminOfAnOrganizationIsNotDeletedAndNothingIsWritten() {
        UserId admin = newUser(unique("last"), false);
        UserId other = newUser(unique("other"), false);
        OrganizationId kept = new OrganizationId(UUID.randomUUID());
        OrganizationId lost = new OrganizationId(UUID.randomUUID());
        organizations().create(new Organization(kept, "Kept", now), new Member(other, "", Role.ADMIN, now));
        organizations().modifyMembers(kept, m -> m.add(admin, "", Role.USER, now));
        organizations().create(new Organization(lost, "Lost", now), new Member(admin, "", Role.ADMIN, now));
        String token = session(admin);

        assertThatThrownBy(() -> users().delete(admin, now))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.FAILED_PRECONDITION));
        assertThat(users().findById(admin).orElseThrow().deleted()).isFalse();
        assertThat(organizations().members(kept).members()).containsOnlyKeys(other, admin);
        assertThat(organizations().members(lost).members()).containsOnlyKeys(admin);
        assertThat(refreshTokens().consume(token, now.plusSeconds(1))).isPresent();
    }
}
