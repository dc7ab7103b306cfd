package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.organization.AcceptInvitation;
import io.draftnrun.application.organization.AddMember;
import io.draftnrun.application.organization.ChangeMemberRole;
import io.draftnrun.application.organization.ChangePassword;
import io.draftnrun.application.organization.CreateApiKey;
import io.draftnrun.application.organization.CreateOrganization;
import io.draftnrun.application.organization.CreateUser;
import io.draftnrun.application.organization.DeleteOrganizationSecret;
import io.draftnrun.application.organization.DeleteUser;
import io.draftnrun.application.organization.InviteMember;
import io.draftnrun.application.organization.Me;
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.organization.RefreshSession;
import io.draftnrun.application.organization.RemoveMember;
import io.draftnrun.application.organization.RevokeApiKey;
import io.draftnrun.application.organization.RevokeInvitation;
import io.draftnrun.application.organization.SecretInfo;
import io.draftnrun.application.organization.Session;
import io.draftnrun.application.organization.SetOrganizationSecret;
import io.draftnrun.application.organization.SignIn;
import io.draftnrun.application.organization.SignUp;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.Invitation;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import io.draftnrun.domain.organization.UserId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The organization slice: sign-in, me, organizations, members, project API keys, organization secrets. */
public final class OrganizationGraphQl implements GraphQlSlice {
    private final OrganizationUseCases uc;

    public OrganizationGraphQl(OrganizationUseCases useCases) {
        this.uc = useCases;
    }

    @Override
    public List<String> schemaResources() {
        return List.of("graphql/organization.graphqls");
    }

    @Override
    public Set<String> publicFields() {
        return Set.of(
                "Mutation.login",
                "Mutation.refreshToken",
                "Mutation.acceptInvitation",
                "Mutation.changePassword",
                "Mutation.signUp");
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type(
                "Query",
                b -> b.dataFetcher("me", env -> me(uc.queries().me(Fetchers.actor(env))))
                        .dataFetcher(
                                "organizations",
                                env -> uc.queries().organizations(Fetchers.actor(env)).stream()
                                        .map(OrganizationGraphQl::organization)
                                        .toList())
                        .dataFetcher(
                                "organization",
                                env -> organization(uc.queries()
                                        .organization(Fetchers.actor(env), Fetchers.organization(env, "id"))))
                        .dataFetcher(
                                "members",
                                env -> uc
                                        .queries()
                                        .members(Fetchers.actor(env), Fetchers.organization(env, "organizationId"))
                                        .stream()
                                        .map(OrganizationGraphQl::member)
                                        .toList())
                        .dataFetcher(
                                "apiKeys",
                                env ->
                                        uc
                                                .queries()
                                                .apiKeys(Fetchers.actor(env), Fetchers.uuid(env, "projectId"))
                                                .stream()
                                                .map(OrganizationGraphQl::apiKey)
                                                .toList())
                        .dataFetcher(
                                "invitations",
                                env -> uc
                                        .queries()
                                        .invitations(Fetchers.actor(env), Fetchers.organization(env, "organizationId"))
                                        .stream()
                                        .map(OrganizationGraphQl::invitation)
                                        .toList())
                        .dataFetcher(
                                "organizationSecrets",
                                env -> uc
                                        .queries()
                                        .secrets(Fetchers.actor(env), Fetchers.organization(env, "organizationId"))
                                        .stream()
                                        .map(OrganizationGraphQl::secret)
                                        .toList()));
        wiring.type(
                "Mutation",
                b -> b.dataFetcher(
                                "login",
                                env -> session(uc.signIn()
                                        .handle(new SignIn.Command(
                                                env.getArgument("email"),
                                                env.getArgument("password"),
                                                clientAddress(env)))))
                        .dataFetcher(
                                "changePassword",
                                env -> session(uc.changePassword()
                                        .handle(new ChangePassword.Command(
                                                env.getArgument("email"),
                                                env.getArgument("currentPassword"),
                                                env.getArgument("newPassword"),
                                                clientAddress(env)))))
                        .dataFetcher(
                                "signUp",
                                env -> session(uc.signUp()
                                        .handle(new SignUp.Command(
                                                env.getArgument("email"), env.getArgument("password")))))
                        .dataFetcher("acceptInvitation", env -> {
                            AcceptInvitation.Accepted accepted = uc.acceptInvitation()
                                    .handle(
                                            Fetchers.caller(env),
                                            new AcceptInvitation.Command(
                                                    env.getArgument("token"),
                                                    Optional.ofNullable(env.getArgument("password"))));
                            Map<String, Object> payload = new HashMap<>();
                            payload.put("organization", organization(accepted.organization()));
                            payload.put("member", member(accepted.member()));
                            payload.put(
                                    "session",
                                    accepted.session()
                                            .map(OrganizationGraphQl::session)
                                            .orElse(null));
                            return payload;
                        })
                        .dataFetcher("inviteMember", env -> {
                            InviteMember.Invited invited = uc.inviteMember()
                                    .handle(
                                            Fetchers.actor(env),
                                            new InviteMember.Command(
                                                    Fetchers.organization(env, "organizationId"),
                                                    env.getArgument("email"),
                                                    role(env)));
                            return Map.of("invitation", invitation(invited.invitation()), "token", invited.token());
                        })
                        .dataFetcher(
                                "revokeInvitation",
                                env -> invitation(uc.revokeInvitation()
                                        .handle(
                                                Fetchers.actor(env),
                                                new RevokeInvitation.Command(
                                                        new InvitationId(Fetchers.uuid(env, "id"))))))
                        .dataFetcher("createUser", env -> {
                            CreateUser.Created created = uc.createUser()
                                    .handle(
                                            Fetchers.actor(env),
                                            new CreateUser.Command(
                                                    Fetchers.organization(env, "organizationId"),
                                                    env.getArgument("email"),
                                                    role(env)));
                            return Map.of(
                                    "member", member(created.member()), "oneTimePassword", created.oneTimePassword());
                        })
                        .dataFetcher(
                                "deleteUser",
                                env -> uc.deleteUser()
                                        .handle(
                                                Fetchers.actor(env),
                                                new DeleteUser.Command(new UserId(Fetchers.uuid(env, "userId"))))
                                        .toString())
                        .dataFetcher(
                                "refreshToken",
                                env -> session(uc.refreshSession()
                                        .handle(new RefreshSession.Command(env.getArgument("refreshToken")))))
                        .dataFetcher(
                                "createOrganization",
                                env -> organization(uc.createOrganization()
                                        .handle(
                                                Fetchers.actor(env),
                                                new CreateOrganization.Command(env.getArgument("name")))))
                        .dataFetcher(
                                "addMember",
                                env -> member(uc.addMember()
                                        .handle(
                                                Fetchers.actor(env),
                                                new AddMember.Command(
                                                        Fetchers.organization(env, "organizationId"),
                                                        env.getArgument("email"),
                                                        role(env)))))
                        .dataFetcher(
                                "changeMemberRole",
                                env -> member(uc.changeMemberRole()
                                        .handle(
                                                Fetchers.actor(env),
                                                new ChangeMemberRole.Command(
                                                        Fetchers.organization(env, "organizationId"),
                                                        new UserId(Fetchers.uuid(env, "userId")),
                                                        role(env)))))
                        .dataFetcher(
                                "removeMember",
                                env -> member(uc.removeMember()
                                        .handle(
                                                Fetchers.actor(env),
                                                new RemoveMember.Command(
                                                        Fetchers.organization(env, "organizationId"),
                                                        new UserId(Fetchers.uuid(env, "userId"))))))
                        .dataFetcher("createApiKey", env -> {
                            CreateApiKey.Created created = uc.createApiKey()
                                    .handle(
                                            Fetchers.actor(env),
                                            new CreateApiKey.Command(
                                                    Fetchers.uuid(env, "projectId"), env.getArgument("name")));
                            return Map.of("apiKey", apiKey(created.key()), "key", created.plaintext());
                        })
                        .dataFetcher(
                                "revokeApiKey",
                                env -> apiKey(uc.revokeApiKey()
                                        .handle(
                                                Fetchers.actor(env),
                                                new RevokeApiKey.Command(new ApiKeyId(Fetchers.uuid(env, "id"))))))
                        .dataFetcher(
                                "setOrganizationSecret",
                                env -> secret(uc.setOrganizationSecret()
                                        .handle(
                                                Fetchers.actor(env),
                                                new SetOrganizationSecret.Command(
                                                        Fetchers.organization(env, "organizationId"),
                                                        new SecretKey(env.getArgument("key")),
                                                        env.getArgument("value"),
                                                        SecretType.valueOf(env.getArgument("type"))))))
                        .dataFetcher("deleteOrganizationSecret", env -> {
                            OrganizationId organization = Fetchers.organization(env, "organizationId");
                            SecretKey key = uc.deleteOrganizationSecret()
                                    .handle(
                                            Fetchers.actor(env),
                                            new DeleteOrganizationSecret.Command(
                                                    organization, new SecretKey(env.getArgument("key"))));
                            return Map.of("organizationId", organization.toString(), "key", key.value());
                        }));
    }

    /** The caller of a public field: signed in or not (an invalid token was refused before any field ran). */
    private static Optional<Actor> caller(DataFetchingEnvironment env) {
        RequestContext context = env.getGraphQlContext().get(RequestContext.KEY);
        return context == null ? Optional.empty() : context.actor();
    }

    private static String clientAddress(DataFetchingEnvironment env) {
        return Fetchers.context(env).map(RequestContext::clientAddress).orElse("");
    }

    private static Map<String, Object> invitation(Invitation i) {
        return Map.of(
                "id", i.id().toString(),
                "organizationId", i.organization().toString(),
                "email", i.email(),
                "role", i.role().name(),
                "invitedBy", i.invitedBy().toString(),
                "createdAt", Fetchers.time(i.createdAt()),
                "expiresAt", Fetchers.time(i.expiresAt()));
    }

    private static OrganizationId org(DataFetchingEnvironment env, String name) {
        return new OrganizationId(Fetchers.uuid(env, name));
    }

    private static Role role(DataFetchingEnvironment env) {
        return Role.valueOf(env.<String>getArgument("role"));
    }

    static Map<String, Object> organization(Organization o) {
        return Map.of("id", o.id().toString(), "name", o.name(), "createdAt", Fetchers.time(o.createdAt()));
    }

    private static Map<String, Object> member(Member m) {
        return Map.of(
                "userId",
                m.userId().toString(),
                "email",
                m.email(),
                "role",
                m.role().name(),
                "since",
                Fetchers.time(m.since()));
    }

    private static Map<String, Object> me(Me me) {
        return Map.of(
                "id", me.id().toString(),
                "email", me.email(),
                "platformAdmin", me.platformAdmin(),
                "memberships",
                        me.memberships().stream()
                                .map(m -> Map.of(
                                        "organization",
                                        organization(m.organization()),
                                        "role",
                                        m.role().name()))
                                .toList());
    }

    private static Map<String, Object> session(Session s) {
        return Map.of(
                "userId", s.userId().toString(),
                "accessToken", s.accessToken(),
                "accessTokenExpiresAt", Fetchers.time(s.accessTokenExpiresAt()),
                "refreshToken", s.refreshToken(),
                "tokenType", "Bearer");
    }

    private static Map<String, Object> apiKey(ApiKey k) {
        Map<String, Object> map = new HashMap<>();
        map.put("id", k.id().toString());
        map.put("name", k.name());
        map.put("projectId", k.projectId().toString());
        map.put("creatorId", k.creator().toString());
        map.put("createdAt", Fetchers.time(k.createdAt()));
        map.put("active", k.active());
        map.put("revokedAt", k.revokedAt().map(Fetchers::time).orElse(null));
        return map;
    }

    private static Map<String, Object> secret(SecretInfo s) {
        return Map.of("key", s.key().value(), "type", s.type().name(), "updatedAt", Fetchers.time(s.updatedAt()));
    }
}
