package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import io.draftnrun.bootstrap.Commands;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible endpoint (ADR 0020) driven by the official OpenAI Java SDK against the built jar: a project
 * (Input → LLM Call on an OpenAI stub answering "pong") deployed with an API key; the SDK given {@code <server>/v1}
 * and the key gets the run's answer streamed and not streamed, with the run's token usage, lists the key's project
 * as models, is refused (401) without a valid key, gets 404 for another organization's project and 403 for another
 * project of its organization; the runs are ordinary runs (listed with the others).
 */
class OpenAiCompatibleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static OpenAiStub stub;
    private static Commands.Running server;
    private static GraphQlClient client;
    private static Flows.Project project;
    private static Flows.Project sibling;
    private static Flows.Project foreign;

    @BeforeAll
    static void start() throws Exception {
        stub = new OpenAiStub();
        server = SharedServer.startDedicated(Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", stub.baseUrl()));
        client = Users.admin(new GraphQlClient(server.server().baseUrl()));
        String org = Flows.createOrganization(client, "OpenAI org");
        project = Flows.project(client, org, "Pong bot", Flows.inputThenLlm("{{input}}"));
        sibling = Flows.project(client, org, "Sibling", Flows.inputThenLlm("{{input}}"));
        String otherOrg = Flows.createOrganization(client, "Other org");
        foreign = Flows.project(client, otherOrg, "Foreign", Flows.inputThenLlm("{{input}}"));
    }

    @AfterAll
    static void stop() {
        server.close();
        stub.close();
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(server.server().baseUrl().resolve("/v1").toString())
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    private static ChatCompletionCreateParams ask(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage("You answer ping with pong.")
                .addUserMessage("ping")
                .build();
    }

    @Test
    void theSdkGetsTheRunsAnswerWithItsUsage() {
        ChatCompletion completion = sdk(project.key()).chat().completions().create(ask(project.id()));
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).contains("pong");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.model()).isEqualTo(project.id());
        // the stub reports 9 prompt and 1 completion tokens for its one call
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(9);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(1);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(10);

        String runId = completion.id().substring("chatcmpl-".length());
        JsonNode run = client.data(
                        "query($id: ID!) { run(id: $id) { status message viaApiKey environment } }",
                        Map.of("id", runId))
                .get("run");
        assertThat(run.get("status").asText()).as("an ordinary, stored run").isEqualTo("SUCCEEDED");
        assertThat(run.get("message").asText()).isEqualTo("pong");
        assertThat(run.get("viaApiKey").asBoolean()).isTrue();
        assertThat(run.get("environment").asText()).isEqualTo("PRODUCTION");
    }

    @Test
    void theModelMayBeTheProjectsNameAndTheDraft() {
        ChatCompletion byName = sdk(project.key()).chat().completions().create(ask("Pong bot@draft"));
        assertThat(byName.choices().get(0).message().content()).contains("pong");
        JsonNode run = client.data(
                        "query($id: ID!) { run(id: $id) { environment } }",
                        Map.of("id", byName.id().substring("chatcmpl-".length())))
                .get("run");
        assertThat(run.get("environment").asText()).isEqualTo("DRAFT");
        assertThatThrownBy(() -> sdk(project.key()).chat().completions().create(ask("No such bot")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void theSdkStreamsTheRunsTokens() {
        ChatCompletionCreateParams params = ask(project.id()).toBuilder()
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream =
                sdk(project.key()).chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }
        String text = chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(c -> c.delta().content().orElse(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("pong");
        // the stub streams "po" then "ng": two content chunks, forwarded as they came
        assertThat(chunks.stream()
                        .flatMap(c -> c.choices().stream())
                        .filter(c -> !c.delta().content().orElse("").isEmpty())
                        .count())
                .isEqualTo(2);
        assertThat(chunks.stream()
                        .flatMap(c -> c.choices().stream())
                        .anyMatch(c -> c.finishReason().isPresent()))
                .isTrue();
        assertThat(chunks.get(chunks.size() - 1).usage().orElseThrow().totalTokens())
                .isEqualTo(10);
    }

    @Test
    void theStreamEndsWithDone() throws Exception {
        HttpResponse<String> sse = HTTP.send(
                HttpRequest.newBuilder(server.server().baseUrl().resolve("/v1/chat/completions"))
                        .header("Authorization", "Bearer " + project.key())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                                "model",
                                project.id(),
                                "stream",
                                true,
                                "messages",
                                List.of(Map.of("role", "user", "content", "ping"))))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sse.statusCode()).isEqualTo(200);
        assertThat(sse.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(sse.body().strip()).endsWith("data: [DONE]");
    }

    @Test
    void modelsListTheKeysProject() {
        List<Model> models = sdk(project.key()).models().list().data();
        assertThat(models).extracting(Model::id).containsExactly(project.id(), project.id() + "@draft");
        assertThat(models.get(0).ownedBy()).isEqualTo(project.organizationId());
        assertThat(sdk(project.key()).models().retrieve(project.id() + "@draft").id())
                .isEqualTo(project.id() + "@draft");
    }

    @Test
    void withoutAValidKeyTheAnswerIs401InOpenAiForm() throws Exception {
        assertThatThrownBy(() -> sdk("not-a-key").chat().completions().create(ask(project.id())))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> sdk("not-a-key").models().list()).isInstanceOf(UnauthorizedException.class);

        HttpResponse<String> none = HTTP.send(
                HttpRequest.newBuilder(server.server().baseUrl().resolve("/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + project.id()
                                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        JsonNode error = JSON.readTree(none.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void anotherOrganizationsProjectIsNotFoundAndASiblingForbidden() {
        assertThatThrownBy(() -> sdk(project.key()).chat().completions().create(ask(foreign.id())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk(project.key()).chat().completions().create(ask(sibling.id())))
                .isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void malformedRequestsAre400() throws Exception {
        HttpResponse<String> noMessages = HTTP.send(
                HttpRequest.newBuilder(server.server().baseUrl().resolve("/v1/chat/completions"))
                        .header("Authorization", "Bearer " + project.key())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + project.id() + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMessages.body()).get("error").get("type").asText())
                .isEqualTo("invalid_request_error");
    }
}
