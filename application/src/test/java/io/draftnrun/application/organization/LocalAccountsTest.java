package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.organization.fake.FakeTokens;
import io.draftnrun.application.organization.fake.FakeUserAccess;
import io.draftnrun.application.organization.fake.InMemoryInvitationRepository;
import io.draftnrun.application.organization.fake.InMemoryOrganizationRepository;
import io.draftnrun.application.organization.fake.InMemoryRefreshTokenRepository;
import io.draftnrun.application.organization.fake.InMemoryUserRepository;
import io.draftnrun.application.organization.fake.MutableClock;
import io.draftnrun.application.organization.fake.PlainPasswordHasher;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** How a team joins with local accounts, and how access ends: invitations, one-time passwords, sessions, deletion. */
class LocalAccountsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryOrganizationRepository organizations = new InMemoryOrganizationRepository();
    private final InMemoryRefreshTokenRepository refreshTokens = new InMemoryRefreshTokenRepository();
    private final InMemoryUserRepository users = new InMemoryUserRepository(organizations, refreshTokens);
    private final InMemoryInvitationRepository invitations = new InMemoryInvitationRepository(organizations, users);
    private final PlainPasswordHasher hasher = new PlainPasswordHasher();
    private final FakeTokens tokens = new FakeTokens();
    private final SessionIssuer sessions = new SessionIssuer(tokens, refreshTokens, clock);
    private final SignInThrottle throttle = new SignInThrottle(clock);
    private final SignIn signIn = new SignIn(users, hasher, sessions, throttle);
    private final ChangePassword changePassword = new ChangePassword(users, hasher, sessions, throttle, clock);
    private final RefreshSession refresh = new RefreshSession(refreshTokens, users, sessions, clock);
    private final AuthenticateToken authenticate =
            new AuthenticateToken(List.of(tokens), users, new FakeUserAccess(users, organizations));
    private final CreateOrganization createOrganization = new CreateOrganization(organizations, clock);
    private final InviteMember invite = new InviteMember(organizations, invitations, Duration.ofHours(72), clock);
    private final RevokeInvitation revokeInvitation = new RevokeInvitation(invitations, clock);
    private final AcceptInvitation accept =
            new AcceptInvitation(invitations, organizations, users, hasher, sessions, clock);
    private final CreateUser createUser = new CreateUser(organizations, users, hasher, clock);
    private final ChangeMemberRole changeRole = new ChangeMemberRole(organizations);
    private final RemoveMember removeMember = new RemoveMember(organizations);
    private final AddMember addMember = new AddMember(organizations, users, clock);
    private final DeleteUser deleteUser = new DeleteUser(users, clock);

    {
        organizations.users(users);
    }

    private UserId account(String email, String password, boolean platformAdmin) {
        UserId id = new UserId(UUID.randomUUID());
        users.create(new UserAccount(id, email, Optional.of(hasher.hash(password)), platformAdmin, clock.instant()));
        return id;
    }

    private Actor actor(String accessToken) {
        return authenticate.handle(accessToken);
    }

    private Actor signedIn(String email, String password) {
        return actor(
                signIn.handle(new SignIn.Command(email, password, "10.0.0.1")).accessToken());
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call)
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(code);
    }

    private OrganizationId organizationOf(Actor admin) {
        return createOrganization
                .handle(admin, new CreateOrganization.Command("Acme"))
                .id();
    }

    @Test
    void anInviteeSetsTheirPasswordSignsInAndTheTokenWorksOnce() {
        account("owner@example.com", "owner-password", false);
        OrganizationId org = organizationOf(signedIn("owner@example.com", "owner-password"));
        Actor owner = signedIn("owner@example.com", "owner-password");
        InviteMember.Invited invited =
                invite.handle(owner, new InviteMember.Command(org, " New@Example.com", Role.DEVELOPER));
        assertThat(invited.invitation().tokenHash()).doesNotContain(invited.token());
        assertThat(invited.invitation().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(72)));

        assertCode(
                () -> accept.handle(
                        Optional.empty(), new AcceptInvitation.Command(invited.token(), Optional.of("short"))),
                ErrorCode.VALIDATION);
        AcceptInvitation.Accepted accepted = accept.handle(
                Optional.empty(), new AcceptInvitation.Command(invited.token(), Optional.of("a good password")));
        assertThat(accepted.member().role()).isEqualTo(Role.DEVELOPER);
        Actor newcomer = actor(accepted.session().orElseThrow().accessToken());
        assertThat(newcomer.roleIn(org)).contains(Role.DEVELOPER);
        assertThat(signedIn("new@example.com", "a good password").userId()).isEqualTo(newcomer.userId());
        // once only
        assertCode(
                () -> accept.handle(
                        Optional.empty(), new AcceptInvitation.Command(invited.token(), Optional.of("another one!"))),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void anInvitationNeverSetsThePasswordOfAnExistingAccountAndExpiresOrIsRevoked() {
        account("owner@example.com", "owner-password", false);
        account("known@example.com", "known-password", false);
        account("other@example.com", "other-password", false);
        OrganizationId org = organizationOf(signedIn("owner@example.com", "owner-password"));
        Actor owner = signedIn("owner@example.com", "owner-password");
        String token = invite.handle(owner, new InviteMember.Command(org, "known@example.com", Role.MEMBER))
                .token();
        // whoever holds the token (the admin saw it) cannot take the account over
        assertCode(
                () -> accept.handle(Optional.empty(), new AcceptInvitation.Command(token, Optional.of("hijacked!!"))),
                ErrorCode.UNAUTHENTICATED);
        assertCode(
                () -> accept.handle(
                        Optional.of(signedIn("other@example.com", "other-password")),
                        new AcceptInvitation.Command(token, Optional.empty())),
                ErrorCode.FORBIDDEN);
        Actor known = signedIn("known@example.com", "known-password");
        assertThat(accept.handle(Optional.of(known), new AcceptInvitation.Command(token, Optional.empty()))
                        .session())
                .isEmpty();
        assertThat(signedIn("known@example.com", "known-password").roleIn(org)).contains(Role.MEMBER);

        String late = invite.handle(owner, new InviteMember.Command(org, "late@example.com", Role.USER))
                .token();
        clock.advance(Duration.ofHours(73));
        assertCode(
                () -> accept.handle(Optional.empty(), new AcceptInvitation.Command(late, Optional.of("password!!"))),
                ErrorCode.NOT_FOUND);
        InviteMember.Invited revoked =
                invite.handle(owner, new InviteMember.Command(org, "gone@example.com", Role.USER));
        revokeInvitation.handle(
                owner, new RevokeInvitation.Command(revoked.invitation().id()));
        assertCode(
                () -> accept.handle(
                        Optional.empty(), new AcceptInvitation.Command(revoked.token(), Optional.of("password!!"))),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void aOneTimePasswordOpensNoSessionUntilChangedAndAChangeEndsEverySession() {
        account("owner@example.com", "owner-password", false);
        OrganizationId org = organizationOf(signedIn("owner@example.com", "owner-password"));
        Actor owner = signedIn("owner@example.com", "owner-password");
        CreateUser.Created created =
                createUser.handle(owner, new CreateUser.Command(org, "dev@example.com", Role.DEVELOPER));
        assertThat(created.oneTimePassword()).hasSizeGreaterThanOrEqualTo(20);
        assertCode(
                () -> signIn.handle(new SignIn.Command("dev@example.com", created.oneTimePassword(), "10.0.0.2")),
                ErrorCode.FAILED_PRECONDITION);
        Session first = changePassword.handle(new ChangePassword.Command(
                "dev@example.com", created.oneTimePassword(), "my own password", "10.0.0.2"));
        assertThat(actor(first.accessToken()).roleIn(org)).contains(Role.DEVELOPER);
        Session second = signIn.handle(new SignIn.Command("dev@example.com", "my own password", "10.0.0.3"));

        changePassword.handle(
                new ChangePassword.Command("dev@example.com", "my own password", "a newer password", "10.0.0.2"));
        // both earlier sessions end at their next request: access tokens and refresh tokens alike
        assertCode(() -> actor(first.accessToken()), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> actor(second.accessToken()), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> refresh.handle(new RefreshSession.Command(second.refreshToken())), ErrorCode.UNAUTHENTICATED);
        assertCode(
                () -> changePassword.handle(
                        new ChangePassword.Command("dev@example.com", "my own password", "whatever else", "10.0.0.2")),
                ErrorCode.UNAUTHENTICATED);
        assertThat(signedIn("dev@example.com", "a newer password").roleIn(org)).contains(Role.DEVELOPER);
    }

    @Test
    void aReplayedRefreshTokenRevokesItsWholeFamilyAndNoOther() {
        account("alice@example.com", "alice-password", false);
        Session laptop = signIn.handle(new SignIn.Command("alice@example.com", "alice-password", "10.0.0.1"));
        Session phone = signIn.handle(new SignIn.Command("alice@example.com", "alice-password", "10.0.0.1"));
        Session stolen = refresh.handle(new RefreshSession.Command(laptop.refreshToken())); // the thief refreshes
        assertCode(() -> refresh.handle(new RefreshSession.Command(laptop.refreshToken())), ErrorCode.UNAUTHENTICATED);
        // the replay revoked the thief's successor too
        assertCode(() -> refresh.handle(new RefreshSession.Command(stolen.refreshToken())), ErrorCode.UNAUTHENTICATED);
        // another sign-in's family is untouched
        assertThat(refresh.handle(new RefreshSession.Command(phone.refreshToken()))
                        .userId())
                .isEqualTo(laptop.userId());
    }

    @Test
    void aDeletedAccountIsRefusedAtItsNextRequestAndNeverComesBack() {
        account("root@example.com", "root-password", true);
        account("owner@example.com", "owner-password", false);
        UserId bob = account("bob@example.com", "bob-password", false);
        Actor root = signedIn("root@example.com", "root-password");
        OrganizationId org = organizationOf(signedIn("owner@example.com", "owner-password"));
        Actor owner = signedIn("owner@example.com", "owner-password");
        addMember.handle(owner, new AddMember.Command(org, "bob@example.com", Role.MEMBER));
        Session session = signIn.handle(new SignIn.Command("bob@example.com", "bob-password", "10.0.0.1"));
        assertThat(actor(session.accessToken()).roleIn(org)).contains(Role.MEMBER);

        assertCode(() -> deleteUser.handle(owner, new DeleteUser.Command(bob)), ErrorCode.FORBIDDEN);
        // the last admin of an organization cannot be deleted; nothing changes then
        assertCode(
                () -> deleteUser.handle(root, new DeleteUser.Command(owner.userId())), ErrorCode.FAILED_PRECONDITION);
        assertThat(organizations.members(org).members()).hasSize(2);

        deleteUser.handle(root, new DeleteUser.Command(bob));
        assertCode(() -> actor(session.accessToken()), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> refresh.handle(new RefreshSession.Command(session.refreshToken())), ErrorCode.UNAUTHENTICATED);
        assertCode(
                () -> signIn.handle(new SignIn.Command("bob@example.com", "bob-password", "10.0.0.1")),
                ErrorCode.UNAUTHENTICATED);
        assertThat(organizations.members(org).find(bob)).isEmpty();
        // an external token of the same subject does not bring the account back
        assertCode(() -> actor(FakeTokens.token(bob, "bob@example.com")), ErrorCode.UNAUTHENTICATED);
        assertThat(users.findById(bob).orElseThrow().deleted()).isTrue();
        // a local token of an account that never existed is refused, and creates nothing
        UserId ghost = new UserId(UUID.randomUUID());
        assertCode(
                () -> actor(tokens.issue(new VerifiedIdentity(ghost, "ghost@example.com", true, 0), Duration.ZERO)),
                ErrorCode.UNAUTHENTICATED);
        assertThat(users.findById(ghost)).isEmpty();
    }

    @Test
    void nobodyGrantsARoleAboveTheirOwnAndAnOrganizationKeepsAnAdmin() {
        account("root@example.com", "root-password", true);
        account("owner@example.com", "owner-password", false);
        account("dev@example.com", "dev-password", false);
        account("boss@example.com", "boss-password", false);
        Actor root = signedIn("root@example.com", "root-password");
        OrganizationId org = organizationOf(signedIn("owner@example.com", "owner-password"));
        Actor owner = signedIn("owner@example.com", "owner-password");
        // an admin cannot grant SUPER_ADMIN, by any route
        assertCode(
                () -> addMember.handle(owner, new AddMember.Command(org, "dev@example.com", Role.SUPER_ADMIN)),
                ErrorCode.FORBIDDEN);
        assertCode(
                () -> invite.handle(owner, new InviteMember.Command(org, "x@example.com", Role.SUPER_ADMIN)),
                ErrorCode.FORBIDDEN);
        assertCode(
                () -> createUser.handle(owner, new CreateUser.Command(org, "y@example.com", Role.SUPER_ADMIN)),
                ErrorCode.FORBIDDEN);
        Member dev = addMember.handle(owner, new AddMember.Command(org, "dev@example.com", Role.DEVELOPER));
        assertCode(
                () -> changeRole.handle(owner, new ChangeMemberRole.Command(org, dev.userId(), Role.SUPER_ADMIN)),
                ErrorCode.FORBIDDEN);
        // a developer grants nothing
        Actor developer = signedIn("dev@example.com", "dev-password");
        assertCode(
                () -> addMember.handle(developer, new AddMember.Command(org, "boss@example.com", Role.USER)),
                ErrorCode.FORBIDDEN);
        // a SUPER_ADMIN granted inside the organization (by the platform super-admin)...
        Member boss = addMember.handle(root, new AddMember.Command(org, "boss@example.com", Role.SUPER_ADMIN));
        Actor superAdmin = signedIn("boss@example.com", "boss-password");
        // ...an admin cannot demote or remove them
        assertCode(
                () -> changeRole.handle(owner, new ChangeMemberRole.Command(org, boss.userId(), Role.USER)),
                ErrorCode.FORBIDDEN);
        assertCode(() -> removeMember.handle(owner, new RemoveMember.Command(org, boss.userId())), ErrorCode.FORBIDDEN);
        // ...they may demote the ADMIN while they remain, but the organization always keeps an admin or higher
        changeRole.handle(superAdmin, new ChangeMemberRole.Command(org, owner.userId(), Role.MEMBER));
        assertCode(
                () -> changeRole.handle(superAdmin, new ChangeMemberRole.Command(org, boss.userId(), Role.MEMBER)),
                ErrorCode.FAILED_PRECONDITION);
        assertCode(
                () -> removeMember.handle(superAdmin, new RemoveMember.Command(org, boss.userId())),
                ErrorCode.FAILED_PRECONDITION);
        assertCode(
                () -> removeMember.handle(root, new RemoveMember.Command(org, boss.userId())),
                ErrorCode.FAILED_PRECONDITION);
        assertThat(organizations.members(org).adminCount()).isEqualTo(1);
    }

    @Test
    void signUpIsClosedUnlessTurnedOnAndThenChecksWhatItCreates() {
        SignUp closed = new SignUp(false, users, hasher, sessions, clock);
        assertCode(
                () -> closed.handle(new SignUp.Command("walk-in@example.com", "a good password")), ErrorCode.FORBIDDEN);
        assertThat(users.findByEmail("walk-in@example.com")).isEmpty();
        SignUp open = new SignUp(true, users, hasher, sessions, clock);
        Session session = open.handle(new SignUp.Command(" Walk-In@Example.com", "a good password"));
        Actor walkIn = actor(session.accessToken());
        assertThat(walkIn.email()).isEqualTo("walk-in@example.com");
        assertThat(walkIn.memberships()).isEmpty();
        assertCode(
                () -> open.handle(new SignUp.Command("walk-in@example.com", "another password")), ErrorCode.CONFLICT);
        assertCode(() -> open.handle(new SignUp.Command("not an address", "a good password")), ErrorCode.VALIDATION);
        assertCode(() -> open.handle(new SignUp.Command("x@example.com", "short")), ErrorCode.VALIDATION);
        assertCode(() -> open.handle(new SignUp.Command("y@example.com", "é".repeat(40))), ErrorCode.VALIDATION);
    }
}
