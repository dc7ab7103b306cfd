package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.organization.AddMember;
import io.draftnrun.application.organization.ChangeMemberRole;
import io.draftnrun.application.organization.CreateApiKey;
import io.draftnrun.application.organization.CreateOrganization;
import io.draftnrun.application.organization.DeleteOrganizationSecret;
import io.draftnrun.application.organization.Me;
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.organization.RefreshSession;
import io.draftnrun.application.organization.RemoveMember;
import io.draftnrun.application.organization.RevokeApiKey;
import io.draftnrun.application.organization.SecretInfo;
import io.draftnrun.application.organization.Session;
import io.draftnrun.application.organization.SetOrganizationSecret;
import io.draftnrun.application.organization.SignIn;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.ApiKey;
import io.draftnrun.domain.organization.ApiKeyId;
import io.draftnrun.domain.organization.Member;
import io.draftnrun.domain.organization.Organization;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.SecretKey;
import io.draftnrun.domain.organization.SecretType;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
        return Set.of("Mutation.login", "Mutation.refreshToken");
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type(
                "Query",
                b -> b.dataFetcher("me", env -> me(uc.queries().me(actor(env))))
                        .dataFetcher(
                                "organizations",
                                env -> uc.queries().organizations(actor(env)).stream()
                                        .map(OrganizationGraphQl::organization)
                                        .toList())
                        .dataFetcher(
                                "organization",
                                env -> organization(uc.queries().organization(actor(env), org(env, "id"))))
                        .dataFetcher(
                                "members",
                                env -> uc.queries().members(actor(env), org(env, "organizationId")).stream()
                                        .map(OrganizationGraphQl::member)
                                        .toList())
                        .dataFetcher(
                                "apiKeys",
                                env -> uc.queries().apiKeys(actor(env), uuid(env, "projectId")).stream()
                                        .map(OrganizationGraphQl::apiKey)
                                        .toList())
                        .dataFetcher(
                                "organizationSecrets",
                                env -> uc.queries().secrets(actor(env), org(env, "organizationId")).stream()
                                        .map(OrganizationGraphQl::secret)
                                        .toList()));
        wiring.type(
                "Mutation",
                b -> b.dataFetcher(
                                "login",
                                env -> session(uc.signIn()
                                        .handle(new SignIn.Command(
                                                env.getArgument("email"), env.getArgument("password")))))
                        .dataFetcher(
                                "refreshToken",
                                env -> session(uc.refreshSession()
                                        .handle(new RefreshSession.Command(env.getArgument("refreshToken")))))
                        .dataFetcher(
                                "createOrganization",
                                env -> organization(uc.createOrganization()
                                        .handle(actor(env), new CreateOrganization.Command(env.getArgument("name")))))
                        .dataFetcher(
                                "addMember",
                                env -> member(uc.addMember()
                                        .handle(
                                                actor(env),
                                                new AddMember.Command(
                                                        org(env, "organizationId"),
                                                        env.getArgument("email"),
                                                        role(env)))))
                        .dataFetcher(
                                "changeMemberRole",
                                env -> member(uc.changeMemberRole()
                                        .handle(
                                                actor(env),
                                                new ChangeMemberRole.Command(
                                                        org(env, "organizationId"),
                                                        new UserId(uuid(env, "userId")),
                                                        role(env)))))
                        .dataFetcher(
                                "removeMember",
                                env -> member(uc.removeMember()
                                        .handle(
                                                actor(env),
                                                new RemoveMember.Command(
                                                        org(env, "organizationId"), new UserId(uuid(env, "userId"))))))
                        .dataFetcher("createApiKey", env -> {
                            CreateApiKey.Created created = uc.createApiKey()
                                    .handle(
                                            actor(env),
                                            new CreateApiKey.Command(uuid(env, "projectId"), env.getArgument("name")));
                            return Map.of("apiKey", apiKey(created.key()), "key", created.plaintext());
                        })
                        .dataFetcher(
                                "revokeApiKey",
                                env -> apiKey(uc.revokeApiKey()
                                        .handle(actor(env), new RevokeApiKey.Command(new ApiKeyId(uuid(env, "id"))))))
                        .dataFetcher(
                                "setOrganizationSecret",
                                env -> secret(uc.setOrganizationSecret()
                                        .handle(
                                                actor(env),
                                                new SetOrganizationSecret.Command(
                                                        org(env, "organizationId"),
                                                        new SecretKey(env.getArgument("key")),
                                                        env.getArgument("value"),
                                                        SecretType.valueOf(env.getArgument("type"))))))
                        .dataFetcher("deleteOrganizationSecret", env -> {
                            OrganizationId organization = org(env, "organizationId");
                            SecretKey key = uc.deleteOrganizationSecret()
                                    .handle(
                                            actor(env),
                                            new DeleteOrganizationSecret.Command(
                                                    organization, new SecretKey(env.getArgument("key"))));
                            return Map.of("organizationId", organization.toString(), "key", key.value());
                        }));
    }

    private static Actor actor(DataFetchingEnvironment env) {
        RequestContext ctx = env.getGraphQlContext().get(RequestContext.KEY);
        return ctx.requireActor();
    }

    private static UUID uuid(DataFetchingEnvironment env, String name) {
        String value = env.getArgument(name);
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw DomainException.validation(name + " is not a valid id");
        }
    }

    private static OrganizationId org(DataFetchingEnvironment env, String name) {
        return new OrganizationId(uuid(env, name));
    }

    private static Role role(DataFetchingEnvironment env) {
        return Role.valueOf(env.<String>getArgument("role"));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Map<String, Object> organization(Organization o) {
        return Map.of("id", o.id().toString(), "name", o.name(), "createdAt", time(o.createdAt()));
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
                time(m.since()));
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
                "accessTokenExpiresAt", time(s.accessTokenExpiresAt()),
                "refreshToken", s.refreshToken(),
                "tokenType", "Bearer");
    }

    private static Map<String, Object> apiKey(ApiKey k) {
        Map<String, Object> map = new HashMap<>();
        map.put("id", k.id().toString());
        map.put("name", k.name());
        map.put("projectId", k.projectId().toString());
        map.put("creatorId", k.creator().toString());
        map.put("createdAt", time(k.createdAt()));
        map.put("active", k.active());
        map.put("revokedAt", k.revokedAt().map(OrganizationGraphQl::time).orElse(null));
        return map;
    }

    private static Map<String, Object> secret(SecretInfo s) {
        return Map.of("key", s.key().value(), "type", s.type().name(), "updatedAt", time(s.updatedAt()));
    }
}
