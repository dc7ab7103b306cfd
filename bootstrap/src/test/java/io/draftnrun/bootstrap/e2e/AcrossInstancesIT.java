package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.bootstrap.Commands;
import io.draftnrun.bootstrap.EmbeddedInfrastructure;
import io.draftnrun.bootstrap.Mode;
import io.draftnrun.bootstrap.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two API servers in {@code serve} mode behind an imaginary load balancer, sharing an embedded PostgreSQL and an
 * embedded Redis (each with its own data directory). A run started without waiting on the first, blocked in its LLM
 * call, is cancelled through the second, which does not execute it; the request reaches the first through Redis and
 * the run ends CANCELLED, as both servers report. What the first keeps in memory of projects, keys and members is
 * forgotten as soon as the second changes it (the database announces the change).
 */
class AcrossInstancesIT {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Commands.Running server(EmbeddedInfrastructure infrastructure, OpenAiStub stub, String name)
            throws Exception {
        Map<String, String> settings = SharedServer.serveSettings(
                infrastructure, Files.createDirectories(dir.resolve(name)), "cancel-across-instances-backend-secret");
        settings.put("HOST", "127.0.0.1");
        settings.put("OPENAI_API_KEY", "sk-test");
        settings.put("OPENAI_BASE_URL", stub.baseUrl());
        Commands.Running running = Commands.start(new Settings(settings, Map.of()), Mode.SERVE);
        closeables.add(running);
        return running;
    }

    private OpenAiStub stub;
    private Commands.Running first;
    private Commands.Running second;

    private void twoServers() throws Exception {
        dir = Files.createTempDirectory("draftnrun-across-instances");
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(dir, true, true);
        closeables.add(infrastructure);
        stub = new OpenAiStub();
        closeables.add(stub);
        first = server(infrastructure, stub, "first");
        second = server(infrastructure, stub, "second");
    }

    @Test
    void aRunStartedOnOneServerIsCancelledThroughAnother() throws Exception {
        twoServers();

        GraphQlClient onFirst = Users.newUser(new GraphQlClient(first.server().baseUrl()), "cancel");
        GraphQlClient onSecond = new GraphQlClient(second.server().baseUrl()).withToken(onFirst.token());
        String org = Flows.createOrganization(onFirst, "Cancel org");
        Flows.Project project = Flows.project(onFirst, org, "Held", Flows.inputThenLlm("{{input}}"));

        JsonNode started = onFirst.data(
                        """
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: DRAFT, input: $input, wait: false) { id status }
                        }""",
                        Map.of(
                                "p",
                                project.id(),
                                "input",
                                Map.of("messages", List.of(Map.of("role", "user", "content", OpenAiStub.HOLD)))))
                .get("runProject");
        String runId = started.get("id").asText();
        assertThat(started.get("status").asText()).isIn("QUEUED", "RUNNING");
        await("the run waits for its LLM answer").atMost(Duration.ofSeconds(20)).until(() -> stub.held() > 0);
        assertThat(status(onSecond, runId).get("status").asText()).isEqualTo("RUNNING");

        boolean cancelled = onSecond.data(GraphQlDocuments.named("CancelRun"), Map.of("id", runId))
                .get("cancelRun")
                .asBoolean();

        assertThat(cancelled).isTrue();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                status(onSecond, runId).get("status").asText().equals("CANCELLED"))
                        .as("the run ends CANCELLED: %s", status(onSecond, runId))
                        .isTrue());
        JsonNode onFirstServer = status(onFirst, runId);
        assertThat(onFirstServer.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(onFirstServer.get("error").asText()).contains("cancelled");
        assertThat(onSecond.data(GraphQlDocuments.named("CancelRun"), Map.of("id", runId))
                        .get("cancelRun")
                        .asBoolean())
                .as("a finished run is not cancelled again")
                .isFalse();
    }

    @Test
    void deploysRevocationsAndRemovedMembersMadeThroughOneServerApplyAtOnceOnTheOther() throws Exception {
        twoServers();
        GraphQlClient onFirst = Users.newUser(new GraphQlClient(first.server().baseUrl()), "changes");
        GraphQlClient onSecond = new GraphQlClient(second.server().baseUrl()).withToken(onFirst.token());
        String org = Flows.createOrganization(onFirst, "Changes org");
        Flows.Project project = Flows.project(onFirst, org, "Changed", Flows.inputThenLlm("{{input}}"));
        GraphQlClient member = Users.newUser(new GraphQlClient(first.server().baseUrl()), "member");
        String memberId = member.data("{ me { id } }").get("me").get("id").asText();
        onFirst.data(GraphQlDocuments.named("AddMember"), Map.of("o", org, "e", Users.emailOf(member)));
        for (int i = 0; i < 2; i++) { // read, then kept by the first server
            assertThat(rest(first, project, "hello").body()).contains("\"pong\"");
            assertThat(runAs(member, project)).isEqualTo("SUCCEEDED");
        }

        // the second server deploys a graph without the LLM: its Input answers with the question
        JsonNode draft = onSecond.data(
                        "query($p: ID!) { project(id: $p) { draft { id graph { version } } } }",
                        Map.of("p", project.id()))
                .get("project")
                .get("draft");
        Flows.Graph echo = new Flows.Graph();
        echo.input();
        onSecond.data(
                GraphQlDocuments.named("SaveGraph"),
                Map.of(
                        "p",
                        project.id(),
                        "g",
                        Map.of("id", draft.get("id").asText(), "nodes", echo.nodes, "edges", List.of()),
                        "v",
                        draft.get("graph").get("version").asLong()));
        onSecond.data(GraphQlDocuments.named("DeployGraph"), Map.of("p", project.id()));
        await("the first server runs the new production graph")
                .atMost(Duration.ofSeconds(20))
                .until(() -> rest(first, project, "hello").body().contains("\"hello\""));

        String keyId = onSecond.data("query($p: ID!) { apiKeys(projectId: $p) { id } }", Map.of("p", project.id()))
                .get("apiKeys")
                .get(0)
                .get("id")
                .asText();
        onSecond.data(GraphQlDocuments.named("RevokeApiKey"), Map.of("id", keyId));
        await("the first server refuses the revoked key")
                .atMost(Duration.ofSeconds(20))
                .until(() -> rest(first, project, "hello").statusCode() == 401);

        onSecond.data(GraphQlDocuments.named("RemoveMember"), Map.of("o", org, "u", memberId));
        await("the first server refuses the removed member")
                .atMost(Duration.ofSeconds(20))
                .until(() -> runAs(member, project).equals("NOT_FOUND"));

        // a local account: a password change and a deletion made through the second end its sessions on the first
        GraphQlClient admin = Users.admin(new GraphQlClient(second.server().baseUrl()));
        String email = "local-" + java.util.UUID.randomUUID() + "@example.com";
        String oneTime = admin.data(GraphQlDocuments.named("CreateUser"), Map.of("o", org, "e", email))
                .at("/createUser/oneTimePassword")
                .asText();
        String change = GraphQlDocuments.named("ChangePassword");
        GraphQlClient firstServer = new GraphQlClient(first.server().baseUrl());
        GraphQlClient local = firstServer.withToken(firstServer
                .data(change, Map.of("e", email, "c", oneTime, "n", "first password"))
                .at("/changePassword/accessToken")
                .asText());
        for (int i = 0; i < 2; i++) { // read, then kept by the first server
            assertThat(runAs(local, project)).isEqualTo("SUCCEEDED");
        }
        admin.data(change, Map.of("e", email, "c", "first password", "n", "second password"));
        await("the first server ends the session of a changed password")
                .atMost(Duration.ofSeconds(20))
                .until(() -> runAs(local, project).equals("UNAUTHENTICATED"));
        GraphQlClient again = firstServer.withToken(firstServer
                .data(GraphQlDocuments.named("Login"), Map.of("e", email, "p", "second password"))
                .at("/login/accessToken")
                .asText());
        assertThat(runAs(again, project)).isEqualTo("SUCCEEDED");
        String localId = again.data("{ me { id } }").at("/me/id").asText();
        admin.data(GraphQlDocuments.named("DeleteUser"), Map.of("u", localId));
        await("the first server refuses a deleted account")
                .atMost(Duration.ofSeconds(20))
                .until(() -> runAs(again, project).equals("UNAUTHENTICATED"));
    }

    private static java.net.http.HttpResponse<String> rest(
            Commands.Running server, Flows.Project project, String text) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(server.server()
                                            .baseUrl()
                                            .resolve("/projects/" + project.id() + "/production/run"))
                                    .header("Content-Type", "application/json")
                                    .header("X-API-Key", project.key())
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The member's run of the production graph through GraphQL: its status, or the error's code. */
    private static String runAs(GraphQlClient member, Flows.Project project) {
        GraphQlClient.Response response = member.execute(
                "mutation($p: ID!, $input: JSON!) { runProject(projectId: $p, environment: PRODUCTION, input: $input) {"
                        + " status } }",
                Map.of("p", project.id(), "input", Flows.hello()));
        return response.errorCode() != null
                ? response.errorCode()
                : response.body().get("data").get("runProject").get("status").asText();
    }

    private static JsonNode status(GraphQlClient client, String runId) {
        return client.data(GraphQlDocuments.named("RunStatus"), Map.of("id", runId))
                .get("run");
    }
}
