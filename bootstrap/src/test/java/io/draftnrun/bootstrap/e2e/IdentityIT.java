package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sign-in, organizations, members and roles over HTTP, like a frontend. */
class IdentityIT {
    private final GraphQlClient anonymous = SharedServer.client();

    @Test
    void loginThenMeThenCreateOrganizationThenManageMembers() {
        JsonNode session = anonymous
                .data(
                        "mutation($e:String!,$p:String!){ login(email:$e, password:$p){ accessToken refreshToken tokenType } }",
                        Map.of("e", Users.ADMIN_EMAIL, "p", Users.ADMIN_PASSWORD))
                .get("login");
        GraphQlClient admin = anonymous.withToken(session.get("accessToken").asText());
        JsonNode me = admin.data("{ me { email platformAdmin } }").get("me");
        assertThat(me.get("email").asText()).isEqualTo(Users.ADMIN_EMAIL);
        assertThat(me.get("platformAdmin").asBoolean()).isTrue();

        GraphQlClient owner = Users.newUser(anonymous, "owner");
        String orgId = owner.data("mutation{ createOrganization(name:\"Acme\"){ id name } }")
                .get("createOrganization")
                .get("id")
                .asText();
        assertThat(owner.data("{ me { memberships { role organization { name } } } }")
                        .toString())
                .contains("\"role\":\"ADMIN\"", "Acme");

        GraphQlClient dev = Users.newUser(anonymous, "dev");
        GraphQlClient member = Users.newUser(anonymous, "member");
        String add =
                "mutation($o:ID!,$e:String!,$r:Role!){ addMember(organizationId:$o, email:$e, role:$r){ userId role } }";
        String devId = owner.data(add, Map.of("o", orgId, "e", Users.emailOf(dev), "r", "DEVELOPER"))
                .get("addMember")
                .get("userId")
                .asText();
        String memberId = owner.data(add, Map.of("o", orgId, "e", Users.emailOf(member), "r", "MEMBER"))
                .get("addMember")
                .get("userId")
                .asText();

        // a member reads but cannot change
        assertThat(member.data("query($o:ID!){ members(organizationId:$o){ email role } }", Map.of("o", orgId))
                        .get("members"))
                .hasSize(3);
        String setSecret =
                "mutation($o:ID!){ setOrganizationSecret(organizationId:$o, key:\"openai_api_key\", value:\"sk-e2e-secret\", type:LLM_API_KEY){ key type } }";
        assertThat(member.execute(setSecret, Map.of("o", orgId)).errorCode()).isEqualTo("FORBIDDEN");
        // a developer changes organization resources but not members
        JsonNode saved = dev.data(setSecret, Map.of("o", orgId)).get("setOrganizationSecret");
        assertThat(saved.get("type").asText()).isEqualTo("LLM_API_KEY");
        GraphQlClient.Response listed = member.execute(
                "query($o:ID!){ organizationSecrets(organizationId:$o){ key type updatedAt } }", Map.of("o", orgId));
        assertThat(listed.body().toString()).contains("openai_api_key").doesNotContain("sk-e2e-secret");
        String change = GraphQlDocuments.named("ChangeMemberRole");
        assertThat(dev.execute(change, Map.of("o", orgId, "u", memberId, "r", "ADMIN"))
                        .errorCode())
                .isEqualTo("FORBIDDEN");
        // an admin manages members; the last admin cannot leave
        assertThat(owner.data(change, Map.of("o", orgId, "u", devId, "r", "ADMIN"))
                        .get("changeMemberRole")
                        .get("role")
                        .asText())
                .isEqualTo("ADMIN");
        String ownerId = owner.data("{ me { id } }").get("me").get("id").asText();
        String remove = GraphQlDocuments.named("RemoveMember");
        owner.data(remove, Map.of("o", orgId, "u", ownerId));
        assertThat(dev.execute(remove, Map.of("o", orgId, "u", devId)).errorCode())
                .isEqualTo("FAILED_PRECONDITION");
        // only the platform super-admin crosses organizations; to anyone else it does not exist
        GraphQlClient outsider = Users.newUser(anonymous, "outsider");
        assertThat(outsider.execute("query($o:ID!){ organization(id:$o){ name } }", Map.of("o", orgId))
                        .errorCode())
                .isEqualTo("NOT_FOUND");
        assertThat(admin.data("query($o:ID!){ organization(id:$o){ name } }", Map.of("o", orgId))
                        .get("organization")
                        .get("name")
                        .asText())
                .isEqualTo("Acme");

        // refresh tokens work once
        String refresh = "mutation($t:String!){ refreshToken(refreshToken:$t){ accessToken } }";
        assertThat(anonymous
                        .data(refresh, Map.of("t", session.get("refreshToken").asText()))
                        .get("refreshToken"))
                .isNotNull();
        assertThat(anonymous
                        .execute(
                                refresh, Map.of("t", session.get("refreshToken").asText()))
                        .errorCode())
                .isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void badTokensAndBadPasswordsAreUnauthenticated() {
        UUID id = UUID.randomUUID();
        String expired = Users.supabaseToken(id, "x@example.com", Instant.now().minusSeconds(3600), "authenticated");
        String wrongAudience =
                Users.supabaseToken(id, "x@example.com", Instant.now().plusSeconds(3600), "anon");
        String good = Users.supabaseToken(id, "x@example.com", Instant.now().plusSeconds(3600), "authenticated");
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String token : new String[] {expired, wrongAudience, tampered, "not-a-token"}) {
            GraphQlClient.Response response = anonymous.withToken(token).execute("{ me { id } }");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
        }
        GraphQlClient.Response wrong = anonymous.execute(
                "mutation{ login(email:\"nobody@example.com\", password:\"nope-nope\"){ accessToken } }");
        assertThat(wrong.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(wrong.body().toString()).doesNotContain("nope-nope");
    }

    @Test
    void apiKeysNeedAProjectWhichDoesNotExistYet() {
        GraphQlClient user = Users.newUser(anonymous, "keys");
        GraphQlClient.Response response = user.execute(
                "mutation($p:ID!){ createApiKey(projectId:$p, name:\"ci\"){ key } }",
                Map.of("p", UUID.randomUUID().toString()));
        assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
    }
}
