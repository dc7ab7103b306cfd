package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.draftnrun.application.organization.RefreshToken;
import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.application.organization.port.UserAccess;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The organization slice's repositories against a real PostgreSQL migrated by Flyway. */
class OrganizationRepositoriesIT {
    private static EmbeddedPostgres postgres;
    private static PostgresDatabase db;
    private static JooqUserRepository users;
    private static JooqOrganizationRepository organizations;
    private static JooqUserAccess access;
    private static JooqApiKeyRepository keys;
    private static JooqOrganizationSecretRepository secrets;
    private static JooqRefreshTokenRepository refreshTokens;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        db = new PostgresDatabase("backend", new PostgresUrl(postgres.getJdbcUrl("postgres", "postgres"), "", ""), 4);
        db.migrate();
        users = new JooqUserRepository(db.dsl());
        organizations = new JooqOrganizationRepository(db.dsl());
        access = new JooqUserAccess(db.dsl());
        keys = new JooqApiKeyRepository(db.dsl());
        secrets = new JooqOrganizationSecretRepository(db.dsl());
        refreshTokens = new JooqRefreshTokenRepository(db.dsl());
    }

    @AfterAll
    static void stop() throws IOException {
        db.close();
        postgres.close();
    }

    private UserId user(String email, boolean admin) {
        UserId id = new UserId(UUID.randomUUID());
        users.create(new UserAccount(id, email, Optional.of("$2a$hash"), admin, now));
        return id;
    }

    @Test
    void usersAreFoundByCaseInsensitiveEmailAndEmailsAreUnique() {
        UserId id = user("Carol@Example.com", false);
        assertThat(users.findByEmail("carol@example.COM")).map(UserAccount::id).contains(id);
        assertThatThrownBy(() -> user("carol@example.com", false))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
        UserId external = new UserId(UUID.randomUUID());
        users.rememberExternal(external, "ext@example.com");
        users.rememberExternal(external, "ext@example.com");
        assertThat(users.findById(external).orElseThrow().passwordHash()).isEmpty();
    }

    @Test
    void membersAreChangedUnderTheLastAdminRuleAndLoadedPerUserWithTheirAccount() {
        UserId admin = user("admin-" + UUID.randomUUID() + "@x.io", false);
        UserId dev = user("dev-" + UUID.randomUUID() + "@x.io", false);
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        OrganizationId other = new OrganizationId(UUID.randomUUID());
        organizations.create(new Organization(org, "Acme", now), new Member(admin, "", Role.ADMIN, now));
        organizations.modifyMembers(org, m -> m.add(dev, "", Role.DEVELOPER, now));
        organizations.create(new Organization(other, "Other", now), new Member(dev, "", Role.USER, now));
        UserAccess.Access devAccess = access.of(dev);
        assertThat(devAccess.memberships()).containsOnly(entry(org, Role.DEVELOPER), entry(other, Role.USER));
        assertThat(devAccess.account().orElseThrow().email()).startsWith("dev-");
        UserId external = new UserId(UUID.randomUUID());
        users.rememberExternal(external, "");
        assertThat(access.of(external).account().orElseThrow().email()).isEmpty();
        assertThat(access.of(external).memberships()).isEmpty();
        assertThat(access.of(new UserId(UUID.randomUUID())))
                .isEqualTo(new UserAccess.Access(Optional.empty(), java.util.Map.of()));
        assertThat(access.of(dev).memberships()).containsEntry(org, Role.DEVELOPER);
        assertThat(organizations.members(org).members().get(dev).email()).startsWith("dev-");

        assertThatThrownBy(() -> organizations.modifyMembers(org, m -> m.remove(admin)))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(access.of(admin).memberships()).containsEntry(org, Role.ADMIN);

        organizations.modifyMembers(org, m -> m.changeRole(dev, Role.ADMIN).remove(admin));
        assertThat(access.of(admin).memberships()).isEmpty();
        assertThat(access.of(dev).memberships()).containsEntry(org, Role.ADMIN);
        assertThat(organizations.findAll(java.util.List.of(org)))
                .extracting(Organization::name)
                .containsExactly("Acme");
    }

    @Test
    void aRefreshTokenIsConsumedOnceAndNotAfterExpiryAndAReplayRevokesItsFamily() {
        UserId u = user("rt-" + UUID.randomUUID() + "@x.io", false);
        UUID family = UUID.randomUUID();
        refreshTokens.save(new RefreshToken("h1".repeat(32), u, now.plusSeconds(60), family));
        assertThat(refreshTokens.consume("h1".repeat(32), now))
                .map(RefreshToken::family)
                .contains(family);
        assertThat(refreshTokens.consume("h1".repeat(32), now)).isEmpty();
        refreshTokens.save(new RefreshToken("h2".repeat(32), u, now.plusSeconds(60), UUID.randomUUID()));
        assertThat(refreshTokens.consume("h2".repeat(32), now.plusSeconds(61))).isEmpty();

        refreshTokens.save(new RefreshToken("h3".repeat(32), u, now.plusSeconds(60), family)); // h1's successor
        refreshTokens.save(new RefreshToken("h4".repeat(32), u, now.plusSeconds(60), UUID.randomUUID()));
        assertThat(refreshTokens.revokeFamilyIfUsed("h3".repeat(32), now)).isFalse(); // unused: no replay
        assertThat(refreshTokens.revokeFamilyIfUsed("h1".repeat(32), now)).isTrue();
        assertThat(refreshTokens.consume("h3".repeat(32), now)).isEmpty();
        assertThat(refreshTokens.consume("h4".repeat(32), now)).isPresent();
    }

    @Test
    void aPasswordChangeEndsSessionsAndADeletionKeepsATombstoneUnlessAnOrganizationWouldLoseItsAdmin() {
        UserId admin = user("del-admin-" + UUID.randomUUID() + "@x.io", false);
        UserId member = user("del-member-" + UUID.randomUUID() + "@x.io", false);
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        organizations.create(new Organization(org, "Deletions", now), new Member(admin, "", Role.ADMIN, now));
        organizations.modifyMembers(org, m -> m.add(member, "", Role.MEMBER, now));
        refreshTokens.save(new RefreshToken("d1".repeat(32), member, now.plusSeconds(600), UUID.randomUUID()));

        users.changePassword(member, "$2a$new", false, now);
        assertThat(access.of(member).account().orElseThrow().sessionEpoch()).isEqualTo(1);
        assertThat(refreshTokens.consume("d1".repeat(32), now)).isEmpty();

        assertThatThrownBy(() -> users.delete(admin, now))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(organizations.members(org).members()).hasSize(2);
        assertThat(users.findById(admin).orElseThrow().deleted()).isFalse();

        String email = users.findById(member).orElseThrow().email();
        users.delete(member, now);
        UserAccess.Access gone = access.of(member);
        assertThat(gone.account().orElseThrow().deleted()).isTrue();
        assertThat(gone.account().orElseThrow().passwordHash()).isEmpty();
        assertThat(gone.memberships()).isEmpty();
        assertThat(users.findByEmail(email)).isEmpty();
        // an external token of the same subject finds the tombstone, and does not bring the user back
        users.rememberExternal(member, email);
        assertThat(users.findById(member).orElseThrow().deleted()).isTrue();
        assertThatThrownBy(() -> users.delete(member, now))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void anInvitationIsAcceptedOnceWithTheNewAccountAndItsMembershipOrNotAtAll() {
        UserId admin = user("inv-admin-" + UUID.randomUUID() + "@x.io", false);
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        organizations.create(new Organization(org, "Invites", now), new Member(admin, "", Role.ADMIN, now));
        JooqInvitationRepository invitations = new JooqInvitationRepository(db.dsl());
        String email = "invitee-" + UUID.randomUUID() + "@x.io";
        Invitation invitation = new Invitation(
                InvitationId.random(),
                org,
                email,
                Role.DEVELOPER,
                "i1".repeat(32),
                admin,
                now,
                now.plusSeconds(3600),
                Optional.empty(),
                Optional.empty());
        invitations.create(invitation);
        assertThat(invitations.findByTokenHash("i1".repeat(32))).contains(invitation);
        assertThat(invitations.pending(org, now)).containsExactly(invitation);

        // the e-mail taken meanwhile: nothing is written, the invitation stays pending
        UserAccount clash = new UserAccount(new UserId(UUID.randomUUID()), email, Optional.of("$2a$x"), false, now);
        user(email, false);
        assertThatThrownBy(() -> invitations.accept(invitation.id(), clash.id(), Optional.of(clash), now))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(organizations.members(org).find(clash.id())).isEmpty();
        assertThat(invitations.pending(org, now)).hasSize(1);

        UserAccount fresh =
                new UserAccount(new UserId(UUID.randomUUID()), "fresh-" + email, Optional.of("$2a$x"), false, now);
        Member joined = invitations.accept(invitation.id(), fresh.id(), Optional.of(fresh), now);
        assertThat(joined.role()).isEqualTo(Role.DEVELOPER);
        assertThat(users.findById(fresh.id())).isPresent();
        assertThat(invitations.pending(org, now)).isEmpty();
        assertThatThrownBy(() -> invitations.accept(invitation.id(), admin, Optional.empty(), now))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);

        UserAccount created = new UserAccount(
                new UserId(UUID.randomUUID()),
                "otp-" + email,
                Optional.of("$2a$x"),
                false,
                now,
                true,
                0,
                Optional.empty());
        organizations.addNewUser(org, created, Role.MEMBER, now);
        assertThat(access.of(created.id()).account().orElseThrow().passwordChangeRequired())
                .isTrue();
        assertThat(access.of(created.id()).memberships()).containsEntry(org, Role.MEMBER);
    }
}
