package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.bootstrap.Commands;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code PLATFORM_TOKEN_LIMIT} on runs (spec 4.6), over the GraphQL API of a server whose platform OpenAI key calls a
 * stub reporting 10 tokens a call, with a limit of 15 tokens: an organization's runs through the platform key are
 * refused, with a clear error asking for its own key, once the traces ledger holds more than the limit; another
 * organization still runs on the platform key; and the refused organization runs again as soon as it stores its own
 * key as the secret {@code openai_api_key} (calls with its own keys are never limited).
 */
class PlatformTokenLimitIT {
    private static final String RUN = """
            mutation($p: ID!, $input: JSON!) {
              runProject(projectId: $p, environment: PRODUCTION, input: $input) { id status message error }
            }""";
    private static OpenAiStub stub;
    private static Commands.Running server;
    private static GraphQlClient admin;

    @BeforeAll
    static void start() throws Exception {
        stub = new OpenAiStub();
        server = SharedServer.startDedicated(Map.of(
                "OPENAI_API_KEY", "sk-platform",
                "OPENAI_BASE_URL", stub.baseUrl(),
                "PLATFORM_TOKEN_LIMIT", "15"));
        admin = Users.admin(new GraphQlClient(server.server().baseUrl()));
    }

    @AfterAll
    static void stop() {
        server.close();
        stub.close();
    }

    private static JsonNode run(Flows.Project project) {
        return admin.data(RUN, Map.of("p", project.id(), "input", Flows.hello()))
                .get("runProject");
    }

    @Test
    void runsOnThePlatformKeyAreRefusedOverTheLimitAndTheOrganizationsOwnKeyStillRuns() {
        String org = Flows.createOrganization(admin, "Heavy user");
        Flows.Project project = Flows.project(admin, org, "Pong", Flows.inputThenLlm("{{input}}"));

        JsonNode first = run(project);
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("message").asText()).isEqualTo("pong");

        // the ledger is written asynchronously and read at most every 5 s: run until a run is refused
        JsonNode refused = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> run(project),
                        r -> !"SUCCEEDED".equals(r.get("status").asText()));
        assertThat(refused.get("status").asText()).as(refused.toString()).isEqualTo("FAILED");
        assertThat(refused.get("error").asText())
                .contains("This organization has used the 15 tokens allowed with the platform's openai key")
                .contains("Add your own key as the organization secret 'openai_api_key'")
                .doesNotContain("INTERNAL")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        // refused, not counted: the next run is refused as well
        JsonNode again = run(project);
        assertThat(again.get("status").asText()).as(again.toString()).isEqualTo("FAILED");

        // the limit is the organization's: another organization still runs on the platform key
        String other = Flows.createOrganization(admin, "Light user");
        JsonNode otherRun = run(Flows.project(admin, other, "Pong", Flows.inputThenLlm("{{input}}")));
        assertThat(otherRun.get("status").asText()).as(otherRun.toString()).isEqualTo("SUCCEEDED");

        // with its own key, the organization runs again (its own keys are never limited)
        admin.data("""
                mutation($o: ID!) {
                  setOrganizationSecret(organizationId: $o, key: "openai_api_key", value: "sk-own", type: PASSWORD) {
                    key
                  }
                }""", Map.of("o", org));
        int before = stub.authorizations.size();
        JsonNode own = run(project);
        assertThat(own.get("status").asText()).as(own.toString()).isEqualTo("SUCCEEDED");
        assertThat(own.get("message").asText()).isEqualTo("pong");
        assertThat(stub.authorizations.subList(before, stub.authorizations.size()))
                .containsExactly("Bearer sk-own");
    }
}
