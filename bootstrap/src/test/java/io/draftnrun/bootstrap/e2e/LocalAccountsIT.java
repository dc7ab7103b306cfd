package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A team with local accounts, over HTTP like a frontend: joining by invitation or with a one-time password, access
 * ending at the next request when a member is removed or an account deleted, refresh-token families, sign-in
 * throttling that never locks the right password out, and the role rules.
 */
class LocalAccountsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGIN =
            "mutation($e:String!,$p:String!){ login(email:$e, password:$p){ accessToken refreshToken } }";
    private static final String REFRESH =
            "mutation($t:String!){ refreshToken(refreshToken:$t){ accessToken refreshToken } }";

    private final GraphQlClient anonymous = SharedServer.client();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void aNewcomerJoinsByInvitationSignsInIsRemovedAndIsRefusedAtTheNextRequest() throws Exception {
        GraphQlClient admin = Users.admin(anonymous);
        String org = Flows.createOrganization(admin, "Invited team");
        String email = unique("newcomer");
        JsonNode invited = admin.data(
                        "mutation($o:ID!,$e:String!){ inviteMember(organizationId:$o, email:$e, role:DEVELOPER){ token invitation { id email role expiresAt } } }",
                        Map.of("o", org, "e", email))
                .get("inviteMember");
        assertThat(invited.at("/invitation/role").asText()).isEqualTo("DEVELOPER");
        String token = invited.get("token").asText();
        // listed for admins, never with its token
        String listed = admin.data("query($o:ID!){ invitations(organizationId:$o){ id email } }", Map.of("o", org))
                .toString();
        assertThat(listed).contains(email).doesNotContain(token);

        JsonNode accepted = anonymous
                .data(
                        "mutation($t:String!){ acceptInvitation(token:$t, password:\"my chosen password\"){ member { userId role } session { accessToken } } }",
                        Map.of("t", token))
                .get("acceptInvitation");
        assertThat(accepted.at("/member/role").asText()).isEqualTo("DEVELOPER");
        String userId = accepted.at("/member/userId").asText();
        GraphQlClient newcomer =
                anonymous.withToken(accepted.at("/session/accessToken").asText());
        String projects = "query($o:ID!){ projects(organizationId:$o){ edges { node { id } } } }";
        assertThat(newcomer.execute(projects, Map.of("o", org)).errorCode()).isNull();
        // the token worked once
        assertThat(anonymous
                        .execute(
                                "mutation($t:String!){ acceptInvitation(token:$t, password:\"again and again\"){ member { role } } }",
                                Map.of("t", token))
                        .errorCode())
                .isEqualTo("NOT_FOUND");
        // signs in with the password chosen
        GraphQlClient signedIn = anonymous.withToken(anonymous
                .data(LOGIN, Map.of("e", email, "p", "my chosen password"))
                .at("/login/accessToken")
                .asText());
        assertThat(signedIn.data("{ me { memberships { role } } }").toString()).contains("DEVELOPER");

        // removed: the very next request with the same token is refused, over HTTP and over WebSocket
        admin.data(GraphQlDocuments.named("RemoveMember"), Map.of("o", org, "u", userId));
        assertThat(newcomer.execute(projects, Map.of("o", org)).errorCode()).isEqualTo("NOT_FOUND");
        String ws = anonymous.baseUrl().toString().replace("http://", "ws://") + "/graphql";
        JsonNode updates = GraphQlWs.first(
                ws,
                newcomer.token(),
                "subscription($o:ID!){ ingestionTaskUpdates(organizationId:$o){ id } }",
                Map.of("o", org),
                Duration.ofSeconds(30));
        assertThat(updates.toString()).contains("NOT_FOUND");

        // deleted: every token of the account is refused at once, and nothing brings the account back
        String refresh = anonymous
                .data(LOGIN, Map.of("e", email, "p", "my chosen password"))
                .at("/login/refreshToken")
                .asText();
        admin.data(GraphQlDocuments.named("DeleteUser"), Map.of("u", userId));
        for (GraphQlClient client : new GraphQlClient[] {newcomer, signedIn}) {
            assertThat(client.execute("{ me { id } }").errorCode()).isEqualTo("UNAUTHENTICATED");
            assertThat(client.execute("{ me { id } }").errorCode()).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(anonymous.execute(REFRESH, Map.of("t", refresh)).errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(anonymous
                        .execute(LOGIN, Map.of("e", email, "p", "my chosen password"))
                        .errorCode())
                .isEqualTo("UNAUTHENTICATED");
        assertThat(admin.execute(
                                "mutation($o:ID!,$e:String!){ addMember(organizationId:$o, email:$e, role:USER){ userId } }",
                                Map.of("o", org, "e", email))
                        .errorCode())
                .as("the deleted account was not re-created by its token")
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void anAdminCreatesAUserWhoseOneTimePasswordMustBeChangedFirst() {
        GraphQlClient admin = Users.admin(anonymous);
        String org = Flows.createOrganization(admin, "Created team");
        String email = unique("created");
        String oneTime = admin.data(
                        "mutation($o:ID!,$e:String!){ createUser(organizationId:$o, email:$e, role:MEMBER){ oneTimePassword member { role } } }",
                        Map.of("o", org, "e", email))
                .at("/createUser/oneTimePassword")
                .asText();
        GraphQlClient.Response refused = anonymous.execute(LOGIN, Map.of("e", email, "p", oneTime));
        assertThat(refused.errorCode()).isEqualTo("FAILED_PRECONDITION");
        assertThat(refused.body().toString()).contains("changePassword").doesNotContain(oneTime);
        String change = GraphQlDocuments.named("ChangePassword");
        assertThat(anonymous
                        .execute(change, Map.of("e", email, "c", oneTime, "n", "short"))
                        .errorCode())
                .isEqualTo("VALIDATION");
        GraphQlClient user = anonymous.withToken(anonymous
                .data(change, Map.of("e", email, "c", oneTime, "n", "a password of my own"))
                .at("/changePassword/accessToken")
                .asText());
        assertThat(user.data("{ me { memberships { role } } }").toString()).contains("MEMBER");
        assertThat(anonymous.execute(LOGIN, Map.of("e", email, "p", oneTime)).errorCode())
                .isEqualTo("UNAUTHENTICATED");
        // a later change ends the session it was made from, too
        anonymous.data(change, Map.of("e", email, "c", "a password of my own", "n", "and a newer one"));
        assertThat(user.execute("{ me { id } }").errorCode()).isEqualTo("UNAUTHENTICATED");
        // open sign-up is off by default
        assertThat(anonymous
                        .execute(
                                "mutation{ signUp(email:\"walk-in@example.com\", password:\"walk-in password\"){ accessToken } }")
                        .errorCode())
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void aReplayedRefreshTokenEndsItsWholeFamily() {
        JsonNode first = anonymous
                .data(LOGIN, Map.of("e", Users.ADMIN_EMAIL, "p", Users.ADMIN_PASSWORD))
                .get("login");
        JsonNode other = anonymous
                .data(LOGIN, Map.of("e", Users.ADMIN_EMAIL, "p", Users.ADMIN_PASSWORD))
                .get("login");
        // a thief refreshes with the stolen token; the owner's client then presents it again
        JsonNode thief = anonymous
                .data(REFRESH, Map.of("t", first.get("refreshToken").asText()))
                .get("refreshToken");
        assertThat(anonymous
                        .execute(REFRESH, Map.of("t", first.get("refreshToken").asText()))
                        .errorCode())
                .isEqualTo("UNAUTHENTICATED");
        assertThat(anonymous
                        .execute(REFRESH, Map.of("t", thief.get("refreshToken").asText()))
                        .errorCode())
                .as("the thief's successor token dies with its family")
                .isEqualTo("UNAUTHENTICATED");
        assertThat(anonymous
                        .data(REFRESH, Map.of("t", other.get("refreshToken").asText()))
                        .at("/refreshToken/accessToken")
                        .asText())
                .as("another sign-in's family lives on")
                .isNotBlank();
    }

    @Test
    void theRightPasswordWorksFromAnotherAddressWithinAMinuteWhileAnAttackerKeepsGuessing() throws Exception {
        GraphQlClient admin = Users.admin(anonymous);
        String org = Flows.createOrganization(admin, "Guessed team");
        String email = unique("victim");
        String oneTime = admin.data(GraphQlDocuments.named("CreateUser"), Map.of("o", org, "e", email))
                .at("/createUser/oneTimePassword")
                .asText();
        anonymous.data(
                "mutation($e:String!,$c:String!){ changePassword(email:$e, currentPassword:$c, newPassword:\"the right password\"){ accessToken } }",
                Map.of("e", email, "c", oneTime));

        URI base = anonymous.baseUrl();
        HttpClient attacker = HttpClient.newBuilder()
                .localAddress(InetAddress.getByName("127.0.0.3"))
                .build();
        HttpClient victim = HttpClient.newBuilder()
                .localAddress(InetAddress.getByName("127.0.0.2"))
                .build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger guesses = new AtomicInteger();
        CompletableFuture<Void> attack = CompletableFuture.runAsync(() -> {
            while (!stop.get() && guesses.incrementAndGet() < 100_000) {
                String code =
                        login(attacker, base, email, "guess-" + guesses.get()).errorCode();
                if ("RATE_LIMITED".equals(code)) {
                    throttled.incrementAndGet();
                }
            }
        });
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> throttled.get() >= 3 || attack.isDone());
            assertThat(throttled.get())
                    .as("the attacker's address is slowed down")
                    .isGreaterThanOrEqualTo(3);
            long started = System.nanoTime();
            GraphQlClient.Response owner = login(victim, base, email, "the right password");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(owner.errorCode()).as(owner.body().toString()).isNull();
            assertThat(owner.body().at("/data/login/accessToken").asText()).isNotBlank();
            assertThat(took).isLessThan(Duration.ofMinutes(1));
            assertThat(attack.isDone()).as("the attacker was still guessing").isFalse();
        } finally {
            stop.set(true);
            attack.join();
        }
        // from the attacker's address, even the right password waits (at most the throttle's ceiling)
        assertThat(login(attacker, base, email, "the right password").errorCode())
                .isEqualTo("RATE_LIMITED");
    }

    private static GraphQlClient.Response login(HttpClient http, URI base, String email, String password) {
        try {
            String body =
                    JSON.writeValueAsString(Map.of("query", LOGIN, "variables", Map.of("e", email, "p", password)));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/graphql"))
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/graphql-response+json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new GraphQlClient.Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nobodyGrantsARoleAboveTheirOwnAndTheLastAdminStays() {
        GraphQlClient platform = Users.admin(anonymous);
        GraphQlClient owner = Users.newUser(anonymous, "roles-owner");
        GraphQlClient boss = Users.newUser(anonymous, "roles-boss");
        String org = Flows.createOrganization(owner, "Roles");
        String add =
                "mutation($o:ID!,$e:String!,$r:Role!){ addMember(organizationId:$o, email:$e, role:$r){ userId } }";
        assertThat(owner.execute(add, Map.of("o", org, "e", Users.emailOf(boss), "r", "SUPER_ADMIN"))
                        .errorCode())
                .isEqualTo("FORBIDDEN");
        assertThat(owner.execute(
                                "mutation($o:ID!){ inviteMember(organizationId:$o, email:\"up@example.com\", role:SUPER_ADMIN){ token } }",
                                Map.of("o", org))
                        .errorCode())
                .isEqualTo("FORBIDDEN");
        // a SUPER_ADMIN granted inside the organization by the platform super-admin
        String bossId = platform.data(add, Map.of("o", org, "e", Users.emailOf(boss), "r", "SUPER_ADMIN"))
                .at("/addMember/userId")
                .asText();
        String ownerId = owner.data("{ me { id } }").at("/me/id").asText();
        String change = GraphQlDocuments.named("ChangeMemberRole");
        assertThat(owner.execute(change, Map.of("o", org, "u", bossId, "r", "USER"))
                        .errorCode())
                .isEqualTo("FORBIDDEN");
        boss.data(change, Map.of("o", org, "u", ownerId, "r", "MEMBER"));
        // the organization keeps an admin or higher: the last one cannot go, whoever asks
        assertThat(boss.execute(change, Map.of("o", org, "u", bossId, "r", "ADMIN"))
                        .errorCode())
                .isNull();
        assertThat(boss.execute(change, Map.of("o", org, "u", bossId, "r", "DEVELOPER"))
                        .errorCode())
                .isEqualTo("FAILED_PRECONDITION");
        String remove = GraphQlDocuments.named("RemoveMember");
        assertThat(platform.execute(remove, Map.of("o", org, "u", bossId)).errorCode())
                .isEqualTo("FAILED_PRECONDITION");
        assertThat(platform.execute(GraphQlDocuments.named("DeleteUser"), Map.of("u", bossId))
                        .errorCode())
                .isEqualTo("FAILED_PRECONDITION");
        assertThat(owner.data("query($o:ID!){ members(organizationId:$o){ role } }", Map.of("o", org))
                        .findValuesAsText("role"))
                .containsExactlyInAnyOrder("MEMBER", "ADMIN");
    }
}
