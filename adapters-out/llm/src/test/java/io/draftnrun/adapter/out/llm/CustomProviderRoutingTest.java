package io.draftnrun.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ResolvedCredentials;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model of custom_models.json is called at its base_url with its key, through the credential resolver. */
class CustomProviderRoutingTest {
    @TempDir
    Path dir;

    MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void customModelIsRoutedToItsBaseUrlWithItsKey() throws Exception {
        String baseUrl = server.url("/acme/v1").toString();
        Path file = Files.writeString(dir.resolve("custom_models.json"), """
                {"custom_models": {"acme": [
                  {"model_name": "acme-70b", "model_capacity": ["completion", "function_calling"],
                   "base_url": "%s", "api_key": "acme-file-key"}]}}""".formatted(baseUrl));
        FileModelCatalog catalog = new FileModelCatalog(CustomModelsFile.load(file));
        LlmCredentialResolver resolver = new LlmCredentialResolver(
                (org, name) -> Optional.empty(), catalog, Map.of("OPENAI_API_KEY", "sk-platform")::get);
        ModelReference model = ModelReference.parse("acme:acme-70b");
        ResolvedCredentials resolved = resolver.resolve(new OrganizationId(UUID.randomUUID()), model);

        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(LangChain4jChatModelProviderTest.OPENAI_TEXT)
                .build());
        var provider = new LangChain4jChatModelProvider(catalog, LangChain4jChatModelProviderTest.FAST);
        var result = provider.chat(ChatRequest.of(model, List.of(ChatMessage.user("hi")), resolved.credentials())
                .withTimeout(Duration.ofSeconds(5)));

        assertThat(result.text()).isEqualTo("Hello there");
        assertThat(resolved.platformKey()).isFalse();
        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent.getTarget()).isEqualTo("/acme/v1/chat/completions");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer acme-file-key");
        assertThat(sent.getBody().utf8()).contains("acme-70b");
    }
}
