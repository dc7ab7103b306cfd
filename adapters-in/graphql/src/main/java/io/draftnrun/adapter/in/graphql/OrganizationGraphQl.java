package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.adapter.in.graphql.OrganizationViews.AcceptInvitationPayloadView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.ApiKeyView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.CreateApiKeyPayloadView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.CreateUserPayloadView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.DeleteOrganizationSecretPayloadView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.InvitationPayloadView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.InvitationView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.MeView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.MemberView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.OrganizationSecretView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.OrganizationView;
import io.draftnrun.adapter.in.graphql.OrganizationViews.SessionPayloadView;
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
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.organization.RefreshSession;
import io.draftnrun.application.organization.RemoveMember;
import io.draftnrun.application.organization.RevokeApiKey;
import io.draftnrun.application.organization.RevokeInvitation;
import io.draftnrun.application.organization.SetOrganizationSecret;
import io.draftnrun.application.organization.SignIn;
import io.draftnrun.application.organization.SignUp;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.InvitationId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import io.draftnrun.domain.organization.UserId;
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
    public Map<String, Class<? extends Record>> views() {
        return OrganizationViews.TYPES;
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type(
                "Query",
                b -> b.dataFetcher("me", env -> MeView.of(uc.queries().me(Fetchers.actor(env))))
                        .dataFetcher(
                                "organizations",
                                env -> uc.queries().organizations(Fetchers.actor(env)).stream()
                                        .map(OrganizationView::of)
                                        .toList())
                        .dataFetcher(
                                "organization",
                                env -> OrganizationView.of(uc.queries()
                                        .organization(Fetchers.actor(env), Fetchers.organization(env, "id"))))
                        .dataFetcher(
                                "members",
                                env -> uc
                                        .queries()
                                        .members(Fetchers.actor(env), Fetchers.organization(env, "organizationId"))
                                        .stream()
                                        .map(MemberView::of)
                                        .toList())
                        .dataFetcher(
                                "apiKeys",
                                env ->
                                        uc
                                                .queries()
                                                .apiKeys(Fetchers.actor(env), Fetchers.uuid(env, "projectId"))
                                                .stream()
                                                .map(ApiKeyView::of)
                                                .toList())
                        .dataFetcher(
                                "invitations",
                                env -> uc
                                        .queries()
                                        .invitations(Fetchers.actor(env), Fetchers.organization(env, "organizationId"))
                                        .stream()
                                        .map(InvitationView::of)
                                        .toList())
                        .dataFetcher(
                                "organizationSecrets",
                                env -> uc
                                        .queries()
                                        .secrets(Fetchers.actor(env), Fetchers.organization(env, "organizationId"))
                                        .stream()
                                        .map(OrganizationSecretView::of)
                                        .toList()));
        wiring.type(
                "Mutation",
                b -> b.dataFetcher(
                                "login",
                                env -> SessionPayloadView.of(uc.signIn()
                                        .handle(new SignIn.Command(
                                                env.getArgument("email"),
                                                env.getArgument("password"),
                                                clientAddress(env)))))
                        .dataFetcher(
                                "changePassword",
                                env -> SessionPayloadView.of(uc.changePassword()
                                        .handle(new ChangePassword.Command(
                                                env.getArgument("email"),
                                                env.getArgument("currentPassword"),
                                                env.getArgument("newPassword"),
                                                clientAddress(env)))))
                        .dataFetcher(
                                "signUp",
                                env -> SessionPayloadView.of(uc.signUp()
                                        .handle(new SignUp.Command(
                                                env.getArgument("email"), env.getArgument("password")))))
                        .dataFetcher("acceptInvitation", env -> {
                            AcceptInvitation.Accepted accepted = uc.acceptInvitation()
                                    .handle(
                                            Fetchers.caller(env),
                                            new AcceptInvitation.Command(
                                                    env.getArgument("token"),
                                                    Optional.ofNullable(env.getArgument("password"))));
                            return new AcceptInvitationPayloadView(
                                    OrganizationView.of(accepted.organization()),
                                    MemberView.of(accepted.member()),
                                    accepted.session()
                                            .map(SessionPayloadView::of)
                                            .orElse(null));
                        })
                        .dataFetcher("inviteMember", env -> {
                            InviteMember.Invited invited = uc.inviteMember()
                                    .handle(
                                            Fetchers.actor(env),
                                            new InviteMember.Command(
                                                    Fetchers.organization(env, "organizationId"),
                                                    env.getArgument("email"),
                                                    role(env)));
                            return new InvitationPayloadView(InvitationView.of(invited.invitation()), invited.token());
                        })
                        .dataFetcher(
                                "revokeInvitation",
                                env -> InvitationView.of(uc.revokeInvitation()
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
                            return new CreateUserPayloadView(
                                    MemberView.of(created.member()), created.oneTimePassword());
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
                                env -> SessionPayloadView.of(uc.refreshSession()
                                        .handle(new RefreshSession.Command(env.getArgument("refreshToken")))))
                        .dataFetcher(
                                "createOrganization",
                                env -> OrganizationView.of(uc.createOrganization()
                                        .handle(
                                                Fetchers.actor(env),
                                                new CreateOrganization.Command(env.getArgument("name")))))
                        .dataFetcher(
                                "addMember",
                                env -> MemberView.of(uc.addMember()
                                        .handle(
                                                Fetchers.actor(env),
                                                new AddMember.Command(
                                                        Fetchers.organization(env, "organizationId"),
                                                        env.getArgument("email"),
                                                        role(env)))))
                        .dataFetcher(
                                "changeMemberRole",
                                env -> MemberView.of(uc.changeMemberRole()
                                        .handle(
                                                Fetchers.actor(env),
                                                new ChangeMemberRole.Command(
                                                        Fetchers.organization(env, "organizationId"),
                                                        new UserId(Fetchers.uuid(env, "userId")),
                                                        role(env)))))
                        .dataFetcher(
                                "removeMember",
                                env -> MemberView.of(uc.removeMember()
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
                            return new CreateApiKeyPayloadView(ApiKeyView.of(created.key()), created.plaintext());
                        })
                        .dataFetcher(
                                "revokeApiKey",
                                env -> ApiKeyView.of(uc.revokeApiKey()
                                        .handle(
                                                Fetchers.actor(env),
                                                new RevokeApiKey.Command(new ApiKeyId(Fetchers.uuid(env, "id"))))))
                        .dataFetcher(
                                "setOrganizationSecret",
                                env -> OrganizationSecretView.of(uc.setOrganizationSecret()
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
                            return new DeleteOrganizationSecretPayloadView(organization.toString(), key.value());
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

    private static OrganizationId org(DataFetchingEnvironment env, String name) {
        return new OrganizationId(Fetchers.uuid(env, name));
    }

    private static Role role(DataFetchingEnvironment env) {
        return Role.valueOf(env.<String>getArgument("role"));
    }
}
