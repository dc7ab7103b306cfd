package io.draftnrun.application.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.organization.fake.FakeApiKeyGrants;
import io.draftnrun.application.organization.fake.FakeProjectOwnership;
import io.draftnrun.application.organization.fake.FakeTokens;
import io.draftnrun.application.organization.fake.FakeUserAccess;
import io.draftnrun.application.organization.fake.InMemoryApiKeyRepository;
import io.draftnrun.application.organization.fake.InMemoryInvitationRepository;
import io.draftnrun.application.organization.fake.InMemoryOrganizationRepository;
import io.draftnrun.application.organization.fake.InMemoryOrganizationSecretRepository;
import io.draftnrun.application.organization.fake.InMemoryRefreshTokenRepository;
import io.draftnrun.application.organization.fake.InMemoryUserRepository;
import io.draftnrun.application.organization.fake.MutableClock;
import io.draftnrun.application.organization.fake.PlainPasswordHasher;
import io.draftnrun.application.organization.fake.ReversibleSecretCipher;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
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

class OrganizationUseCasesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryOrganizationRepository organizations = new InMemoryOrganizationRepository();
    private final InMemoryRefreshTokenRepository refreshTokens = new InMemoryRefreshTokenRepository();
    private final InMemoryUserRepository users = new InMemoryUserRepository(organizations, refreshTokens);
    private final InMemoryInvitationRepository invitations = new InMemoryInvitationRepository(organizations, users);
    private final InMemoryApiKeyRepository keys = new InMemoryApiKeyRepository();
    private final InMemoryOrganizationSecretRepository secrets = new InMemoryOrganizationSecretRepository();
    private final FakeProjectOwnership projects = new FakeProjectOwnership();
    private final FakeTokens tokens = new FakeTokens();
    private final PlainPasswordHasher hasher = new PlainPasswordHasher();
    private final ReversibleSecretCipher cipher = new ReversibleSecretCipher();
    private final ApiKeyHashing hashing = new ApiKeyHashing("backend-secret");
    private final SessionIssuer sessions = new SessionIssuer(tokens, refreshTokens, clock);
    private final SignIn signIn = new SignIn(users, hasher, sessions, new SignInThrottle(clock));
    private final RefreshSession refresh = new RefreshSession(refreshTokens, users, sessions, clock);
    private final AuthenticateToken authenticate =
            new AuthenticateToken(List.of(tokens), users, new FakeUserAccess(users, organizations));
    private final CreateOrganization createOrganization = new CreateOrganization(organizations, clock);
    private final AddMember addMember = new AddMember(organizations, users, clock);
    private final ChangeMemberRole changeRole = new ChangeMemberRole(organizations);
    private final RemoveMember removeMember = new RemoveMember(organizations);
    private final CreateApiKey createApiKey = new CreateApiKey(keys, projects, hashing, clock);
    private final RevokeApiKey revokeApiKey = new RevokeApiKey(keys, projects, clock);
    private final AuthenticateApiKey authenticateApiKey =
            new AuthenticateApiKey(new FakeApiKeyGrants(keys, projects), hashing);
    private final SetOrganizationSecret setSecret = new SetOrganizationSecret(organizations, secrets, cipher, clock);
    private final DeleteOrganizationSecret deleteSecret = new DeleteOrganizationSecret(secrets);
    private final OrganizationQueries queries =
            new OrganizationQueries(organizations, keys, secrets, projects, invitations, clock);
    private final OrganizationSecrets internalSecrets = new OrganizationSecrets(secrets, cipher);

    private UserId user(String email, String password) {
        UserId id = new UserId(UUID.randomUUID());
        users.create(new UserAccount(id, email, Optional.of(hasher.hash(password)), false, clock.instant()));
        return id;
    }

    private Actor actor(UserId id) {
        return authenticate.handle(
                FakeTokens.token(id, users.findById(id).orElseThrow().email()));
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call)
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(code);
    }

    @Test
    void signInGivesTokensThatAuthenticateAndRefreshOnce() {
        UserId alice = user("alice@example.com", "correct horse");
        Session session = signIn.handle(new SignIn.Command("Alice@Example.com ", "correct horse"));
        assertThat(authenticate.handle(session.accessToken()).userId()).isEqualTo(alice);
        Session next = refresh.handle(new RefreshSession.Command(session.refreshToken()));
        assertThat(next.userId()).isEqualTo(alice);
        assertCode(() -> refresh.handle(new RefreshSession.Command(session.refreshToken())), ErrorCode.UNAUTHENTICATED);
        clock.advance(SessionIssuer.REFRESH_LIFETIME.plusSeconds(1));
        assertCode(() -> refresh.handle(new RefreshSession.Command(next.refreshToken())), ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void repeatedFailedSignInsFromOneAddressMakeThatAddressWait() {
        user("bob@example.com", "right-password");
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            assertCode(
                    () -> signIn.handle(new SignIn.Command("bob@example.com", "wrong", "10.0.0.9")),
                    ErrorCode.UNAUTHENTICATED);
        }
        // that address waits now, even with the right password, until the delay passes; another address does not
        assertCode(
                () -> signIn.handle(new SignIn.Command("bob@example.com", "right-password", "10.0.0.9")),
                ErrorCode.RATE_LIMITED);
        assertThat(signIn.handle(new SignIn.Command("bob@example.com", "right-password", "10.0.0.1")))
                .isNotNull();
        clock.advance(Duration.ofSeconds(2));
        assertThat(signIn.handle(new SignIn.Command("bob@example.com", "right-password", "10.0.0.9")))
                .isNotNull();
        assertCode(() -> signIn.handle(new SignIn.Command("nobody@example.com", "x")), ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void creatorBecomesAdminAndRolesDecideWhoManagesMembers() {
        UserId admin = user("admin@example.com", "pw-admin-1");
        UserId dev = user("dev@example.com", "pw-dev-123");
        UserId member = user("member@example.com", "pw-member-1");
        Organization org = createOrganization.handle(actor(admin), new CreateOrganization.Command("Acme"));
        OrganizationId id = org.id();
        assertThat(actor(admin).roleIn(id)).contains(Role.ADMIN);

        addMember.handle(actor(admin), new AddMember.Command(id, "DEV@example.com", Role.DEVELOPER));
        addMember.handle(actor(admin), new AddMember.Command(id, "member@example.com", Role.MEMBER));
        assertThat(queries.members(actor(member), id)).hasSize(3);

        // a member reads but cannot change; a developer cannot manage members
        assertCode(
                () -> addMember.handle(actor(member), new AddMember.Command(id, "x@y", Role.USER)),
                ErrorCode.FORBIDDEN);
        assertCode(
                () -> changeRole.handle(actor(dev), new ChangeMemberRole.Command(id, member, Role.ADMIN)),
                ErrorCode.FORBIDDEN);
        assertCode(
                () -> setSecret.handle(
                        actor(member),
                        new SetOrganizationSecret.Command(id, new SecretKey("k"), "v", SecretType.PASSWORD)),
                ErrorCode.FORBIDDEN);
        // an admin cannot grant super-admin
        assertCode(
                () -> changeRole.handle(actor(admin), new ChangeMemberRole.Command(id, dev, Role.SUPER_ADMIN)),
                ErrorCode.FORBIDDEN);
        // unknown e-mail
        assertCode(
                () -> addMember.handle(actor(admin), new AddMember.Command(id, "ghost@example.com", Role.USER)),
                ErrorCode.NOT_FOUND);

        // the last admin cannot leave or be demoted
        assertCode(
                () -> removeMember.handle(actor(admin), new RemoveMember.Command(id, admin)),
                ErrorCode.FAILED_PRECONDITION);
        assertCode(
                () -> changeRole.handle(actor(admin), new ChangeMemberRole.Command(id, admin, Role.MEMBER)),
                ErrorCode.FAILED_PRECONDITION);
        changeRole.handle(actor(admin), new ChangeMemberRole.Command(id, dev, Role.ADMIN));
        removeMember.handle(actor(dev), new RemoveMember.Command(id, admin));
        assertThat(actor(admin).roleIn(id)).isEmpty();
        assertCode(() -> queries.organization(actor(admin), id), ErrorCode.NOT_FOUND);
    }

    @Test
    void onlyAPlatformSuperAdminCrossesOrganizations() {
        UserId alice = user("alice@example.com", "pw-alice-1");
        UserId bob = user("bob@example.com", "pw-bob-123");
        EnsureFirstAdmin ensure = new EnsureFirstAdmin(users, hasher, clock);
        EnsureFirstAdmin.Outcome outcome =
                ensure.handle(new EnsureFirstAdmin.Command("root@example.com", Optional.empty()));
        assertThat(outcome.created()).isTrue();
        assertThat(outcome.generatedPassword()).isPresent();
        assertThat(ensure.handle(new EnsureFirstAdmin.Command("root@example.com", Optional.empty()))
                        .created())
                .isFalse();
        UserId root = users.findByEmail("root@example.com").orElseThrow().id();

        OrganizationId a = createOrganization
                .handle(actor(alice), new CreateOrganization.Command("A"))
                .id();
        createOrganization.handle(actor(bob), new CreateOrganization.Command("B"));
        assertCode(() -> queries.members(actor(bob), a), ErrorCode.NOT_FOUND);
        assertThat(queries.organizations(actor(bob)))
                .extracting(Organization::name)
                .containsExactly("B");
        assertThat(queries.organizations(actor(root)))
                .extracting(Organization::name)
                .containsExactly("A", "B");
        assertThat(queries.members(actor(root), a)).hasSize(1);
        Session session = signIn.handle(new SignIn.Command(
                "root@example.com", outcome.generatedPassword().get()));
        assertThat(authenticate.handle(session.accessToken()).platformAdmin()).isTrue();
    }

    @Test
    void apiKeysAreShownOnceStoredHashedAndAuthenticateUntilRevoked() {
        UserId dev = user("dev@example.com", "pw-dev-123");
        UserId outsider = user("out@example.com", "pw-out-123");
        OrganizationId org = createOrganization
                .handle(actor(dev), new CreateOrganization.Command("Acme"))
                .id();
        UUID project = projects.add(org);

        CreateApiKey.Created created = createApiKey.handle(actor(dev), new CreateApiKey.Command(project, "ci"));
        assertThat(created.plaintext()).matches("taylor_[A-Za-z0-9_-]{32}");
        assertThat(keys.all()).noneMatch(k -> k.keyHash().contains(created.plaintext()));
        assertThat(created.key().keyHash())
                .isEqualTo(ApiKeyHashingTest.sha256Hex(created.plaintext() + "backend-secret"));
        assertThat(queries.apiKeys(actor(dev), project))
                .extracting(k -> k.name())
                .containsExactly("ci");

        Actor keyActor = authenticateApiKey.handle(created.plaintext());
        assertThat(keyActor.apiKeyProjectId()).contains(project);
        assertThat(keyActor.userId()).isEqualTo(dev);
        assertThat(keyActor.roleIn(org)).contains(Role.USER);

        assertCode(() -> queries.apiKeys(actor(outsider), project), ErrorCode.NOT_FOUND);
        assertCode(
                () -> createApiKey.handle(actor(dev), new CreateApiKey.Command(UUID.randomUUID(), "x")),
                ErrorCode.NOT_FOUND);
        assertCode(
                () -> revokeApiKey.handle(
                        actor(outsider), new RevokeApiKey.Command(created.key().id())),
                ErrorCode.NOT_FOUND);
        assertCode(() -> createApiKey.handle(keyActor, new CreateApiKey.Command(project, "x")), ErrorCode.FORBIDDEN);

        revokeApiKey.handle(actor(dev), new RevokeApiKey.Command(created.key().id()));
        assertThat(queries.apiKeys(actor(dev), project)).isEmpty();
        assertCode(() -> authenticateApiKey.handle(created.plaintext()), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> authenticateApiKey.handle("taylor_unknown"), ErrorCode.UNAUTHENTICATED);
        assertCode(
                () -> revokeApiKey.handle(actor(dev), new RevokeApiKey.Command(new ApiKeyId(UUID.randomUUID()))),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void secretsAreEncryptedListedWithoutValuesAndReadableInternally() {
        UserId admin = user("admin@example.com", "pw-admin-1");
        UserId member = user("member@example.com", "pw-member-1");
        OrganizationId org = createOrganization
                .handle(actor(admin), new CreateOrganization.Command("Acme"))
                .id();
        addMember.handle(actor(admin), new AddMember.Command(org, "member@example.com", Role.MEMBER));

        setSecret.handle(
                actor(admin),
                new SetOrganizationSecret.Command(
                        org, new SecretKey("openai_api_key"), "sk-123", SecretType.LLM_API_KEY));
        assertThat(secrets.list(org)).allMatch(s -> !s.encryptedValue().contains("sk-123"));
        assertThat(queries.secrets(actor(member), org))
                .extracting(s -> s.key().value() + "/" + s.type())
                .containsExactly("openai_api_key/LLM_API_KEY");
        assertThat(internalSecrets.plaintext(org, "openai_api_key")).contains("sk-123");
        assertThat(internalSecrets.plaintext(org, "missing")).isEmpty();

        assertCode(
                () -> deleteSecret.handle(
                        actor(member), new DeleteOrganizationSecret.Command(org, new SecretKey("openai_api_key"))),
                ErrorCode.FORBIDDEN);
        deleteSecret.handle(actor(admin), new DeleteOrganizationSecret.Command(org, new SecretKey("openai_api_key")));
        assertThat(queries.secrets(actor(admin), org)).isEmpty();
        assertCode(
                () -> deleteSecret.handle(
                        actor(admin), new DeleteOrganizationSecret.Command(org, new SecretKey("openai_api_key"))),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void unknownTokensAreRefused() {
        assertCode(() -> authenticate.handle("some.jwt.token"), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> authenticate.handle(" "), ErrorCode.UNAUTHENTICATED);
    }
}
