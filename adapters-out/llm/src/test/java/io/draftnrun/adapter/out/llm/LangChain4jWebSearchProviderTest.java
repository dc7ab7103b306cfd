package io.draftnrun.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.WebSearchResult;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LangChain4jWebSearchProviderTest {
    MockWebServer server;
    final LangChain4jWebSearchProvider provider =
            new LangChain4jWebSearchProvider(LangChain4jChatModelProviderTest.FAST);

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
    void searchesWithTheResponsesApiAndTheWebSearchTool() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("""
                        {"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-4.1-mini",
                         "output":[
                           {"type":"web_search_call","id":"ws_1","status":"completed"},
                           {"type":"message","id":"msg_1","status":"completed","role":"assistant",
                            "content":[{"type":"output_text","text":"Paris hosts the 2024 Olympics.","annotations":[]}]}],
                         "usage":{"input_tokens":20,"output_tokens":7,"total_tokens":27}}""")
                .build());
        WebSearchResult result = provider.search(
                ModelReference.parse("openai:gpt-4.1-mini"),
                ProviderCredentials.of("sk-x", server.url("/v1").toString()),
                "Where are the 2024 Olympics?",
                Duration.ofSeconds(5));

        assertThat(result.text()).isEqualTo("Paris hosts the 2024 Olympics.");
        assertThat(result.usage()).isEqualTo(new TokenUsage(20, 7));
        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent).isNotNull();
        assertThat(sent.getTarget()).isEqualTo("/v1/responses");
        assertThat(sent.getBody().utf8()).contains("web_search_preview", "Where are the 2024 Olympics?");
    }

    @Test
    void nonOpenAiProvidersAreRefused() {
        assertThatThrownBy(() -> provider.search(
                        ModelReference.parse("anthropic:claude-sonnet-4-5"),
                        ProviderCredentials.none(),
                        "q",
                        Duration.ofSeconds(1)))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("web search needs an openai model")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
    }
}
