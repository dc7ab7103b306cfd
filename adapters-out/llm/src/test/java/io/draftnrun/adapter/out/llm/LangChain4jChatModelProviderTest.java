package io.draftnrun.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ChatResult;
import io.draftnrun.application.llm.FinishReason;
import io.draftnrun.application.llm.InMemoryModelCatalog;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.ResponseSchema;
import io.draftnrun.application.llm.ToolChoice;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LangChain4jChatModelProviderTest {
    static final String KEY = "sk-test-0123456789abcdef";
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20));

    MockWebServer server;
    LangChain4jChatModelProvider provider = new LangChain4jChatModelProvider(new InMemoryModelCatalog(), FAST);

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String base(String path) {
        String url = server.url(path).toString();
        return url.endsWith("/") && !path.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    ChatRequest request(String model, String baseUrl) {
        return ChatRequest.of(
                ModelReference.parse(model),
                List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello?")),
                ProviderCredentials.of(KEY, baseUrl));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static String compact(RecordedRequest request) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(request.getBody().utf8())
                .toString();
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("request reached the stub").isNotNull();
        return r;
    }

    static final String OPENAI_TEXT = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4.1-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""";

    @Test
    void openAiPlainCompletionReturnsTextAndUsage() throws Exception {
        server.enqueue(json(200, OPENAI_TEXT));
        ChatResult result = provider.chat(request("openai:gpt-4.1-mini", base("/v1")));

        assertThat(result.text()).isEqualTo("Hello there");
        assertThat(result.usage()).isEqualTo(new TokenUsage(12, 3));
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.model()).hasToString("openai:gpt-4.1-mini");
        RecordedRequest sent = take();
        assertThat(sent.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        String body = compact(sent);
        assertThat(body).contains("\"model\":\"gpt-4.1-mini\"", "\"role\":\"system\"", "Hello?");
    }

    @Test
    void openAiToolCallIsReturnedWithToolSpecAndChoiceSent() throws Exception {
        server.enqueue(json(200, """
                {"id":"c2","object":"chat.completion","created":1,"model":"gpt-4.1-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":30,"completion_tokens":8,"total_tokens":38}}"""));
        ToolSpec weather = new ToolSpec(
                "get_weather",
                "Weather of a city",
                Map.of(
                        "type", "object",
                        "properties", Map.of("city", Map.of("type", "string", "description", "City name")),
                        "required", List.of("city")));
        ChatResult result = provider.chat(
                request("openai:gpt-4.1-mini", base("/v1")).withTools(List.of(weather), ToolChoice.REQUIRED));

        assertThat(result.toolCalls()).containsExactly(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        String body = compact(take());
        assertThat(body).contains("\"tools\"", "\"name\":\"get_weather\"", "\"city\"", "\"tool_choice\":\"required\"");
    }

    @Test
    void toolResultsAreSentBackWithTheirCallIds() throws Exception {
        server.enqueue(json(200, OPENAI_TEXT));
        var history = List.of(
                ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistant("", List.of(new ToolCall("call_9", "get_weather", "{\"city\":\"Paris\"}"))),
                ChatMessage.tool("call_9", "Sunny, 21C"));
        provider.chat(new ChatRequest(
                ModelReference.parse("openai:gpt-4.1-mini"),
                history,
                List.of(new ToolSpec("get_weather", "w", null)),
                ToolChoice.NONE,
                java.util.Optional.empty(),
                0.2,
                100,
                ProviderCredentials.of(KEY, base("/v1")),
                Duration.ofSeconds(5)));
        String body = compact(take());
        assertThat(body)
                .contains(
                        "\"tool_call_id\":\"call_9\"", "Sunny, 21C", "\"tool_choice\":\"none\"", "\"temperature\":0.2");
    }

    @Test
    void openAiStreamingForwardsDeltasAsTheyArriveAndReturnsUsage() throws Exception {
        String sse = """
                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"content":"lo "}}]}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"content":"world"}}]}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}

                data: [DONE]

                """;
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .body(sse)
                .build());
        List<String> deltas = new CopyOnWriteArrayList<>();
        ChatResult result = provider.chat(request("openai:gpt-4.1-mini", base("/v1")), deltas::add);

        assertThat(deltas).containsExactly("Hel", "lo ", "world");
        assertThat(result.text()).isEqualTo("Hello world");
        assertThat(result.usage()).isEqualTo(new TokenUsage(5, 3));
        assertThat(compact(take())).contains("\"stream\":true");
    }

    /** A stream whose events trickle in for about 5 s (40 bytes every 100 ms). */
    private void enqueueTricklingStream() {
        String chunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n";
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .body(chunk.repeat(12) + "data: [DONE]\n\n")
                .throttleBody(40, 100, TimeUnit.MILLISECONDS)
                .build());
    }

    @Test
    void aStreamStillGoingAtTheCallsTimeoutFailsThen() {
        enqueueTricklingStream();
        List<String> deltas = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();

        assertThatThrownBy(() -> provider.chat(
                        withTimeout(request("openai:gpt-4.1-mini", base("/v1")), Duration.ofMillis(700)), deltas::add))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("read on the caller's thread, the stream is cut at the call's deadline, not at its end (~5 s)")
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void interruptingTheCallerCutsItsStreamAtOnce() throws Exception {
        enqueueTricklingStream();
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                provider.chat(request("openai:gpt-4.1-mini", base("/v1")), delta -> streaming.countDown());
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        caller.interrupt();

        assertThat(failure.get(5, TimeUnit.SECONDS))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("interrupted");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aStreamedCallRefusedByTheProviderFailsClearlyAndA503IsRetried() {
        server.enqueue(
                json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}"));
        assertThatThrownBy(() -> provider.chat(request("openai:gpt-4.1-mini", base("/v1")), delta -> {}))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("rejected the API key")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);

        server.enqueue(json(503, "{\"error\":{\"message\":\"overloaded\"}}"));
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .body("""
                        data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"ok"}}]}

                        data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                        data: [DONE]

                        """)
                .build());
        List<String> deltas = new CopyOnWriteArrayList<>();
        assertThat(provider.chat(request("openai:gpt-4.1-mini", base("/v1")), deltas::add)
                        .text())
                .isEqualTo("ok");
        assertThat(deltas).containsExactly("ok");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void openAiStructuredOutputSendsAStrictJsonSchema() throws Exception {
        server.enqueue(json(200, OPENAI_TEXT.replace("Hello there", "{\\\"answer\\\":\\\"42\\\"}")));
        var schema = new ResponseSchema(
                "answer",
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("answer", Map.of("type", "string")),
                        "required",
                        List.of("answer"),
                        "additionalProperties",
                        false));
        ChatResult result =
                provider.chat(request("openai:gpt-4.1-mini", base("/v1")).withResponseSchema(schema));

        assertThat(result.text()).isEqualTo("{\"answer\":\"42\"}");
        String body = compact(take());
        assertThat(body)
                .contains(
                        "\"response_format\"",
                        "\"type\":\"json_schema\"",
                        "\"name\":\"answer\"",
                        "\"strict\":true",
                        "\"required\":[\"answer\"]");
    }

    @Test
    void structuredOutputOnAnthropicIsAClearPreconditionError() {
        var schema = new ResponseSchema("answer", Map.of("type", "object", "properties", Map.of()));
        assertThatThrownBy(() -> provider.chat(
                        request("anthropic:claude-sonnet-4-5", base("/v1/")).withResponseSchema(schema)))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("does not support JSON-schema structured output")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anthropicMessagesApi() throws Exception {
        server.enqueue(json(200, """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Bonjour"}],"stop_reason":"end_turn",
                 "usage":{"input_tokens":9,"output_tokens":2}}"""));
        ChatResult result = provider.chat(request("anthropic:claude-sonnet-4-5", base("/v1/")));

        assertThat(result.text()).isEqualTo("Bonjour");
        assertThat(result.usage()).isEqualTo(new TokenUsage(9, 2));
        RecordedRequest sent = take();
        assertThat(sent.getTarget()).isEqualTo("/v1/messages");
        assertThat(sent.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(compact(sent)).contains("\"system\"", "Be brief.", "\"model\":\"claude-sonnet-4-5\"");
    }

    @Test
    void ollamaChatApi() throws Exception {
        server.enqueue(json(200, """
                {"model":"llama3.1","created_at":"2025-01-01T00:00:00Z",
                 "message":{"role":"assistant","content":"Hi from llama"},
                 "done":true,"done_reason":"stop","prompt_eval_count":7,"eval_count":4}"""));
        ChatResult result = provider.chat(ChatRequest.of(
                ModelReference.parse("ollama:llama3.1"),
                List.of(ChatMessage.user("Hi")),
                ProviderCredentials.of(null, base(""))));

        assertThat(result.text()).isEqualTo("Hi from llama");
        assertThat(result.usage()).isEqualTo(new TokenUsage(7, 4));
        RecordedRequest sent = take();
        assertThat(sent.getTarget()).isEqualTo("/api/chat");
        assertThat(compact(sent)).contains("\"model\":\"llama3.1\"");
    }

    @Test
    void geminiGenerateContentWithStructuredOutput() throws Exception {
        server.enqueue(json(200, """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"{\\"answer\\":\\"42\\"}"}]},
                  "finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":5,"totalTokenCount":13}}"""));
        var schema = new ResponseSchema(
                "answer", Map.of("type", "object", "properties", Map.of("answer", Map.of("type", "string"))));
        ChatResult result = provider.chat(
                request("google:gemini-2.5-flash", base("/v1beta")).withResponseSchema(schema));

        assertThat(result.text()).isEqualTo("{\"answer\":\"42\"}");
        assertThat(result.usage()).isEqualTo(new TokenUsage(8, 5));
        RecordedRequest sent = take();
        assertThat(sent.getTarget()).startsWith("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(compact(sent)).contains("application/json", "\"answer\"", "Hello?");
    }

    @Test
    void retriesAfter429ThenSucceeds() throws Exception {
        server.enqueue(json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"));
        server.enqueue(json(200, OPENAI_TEXT));
        ChatResult result = provider.chat(request("openai:gpt-4.1-mini", base("/v1")));

        assertThat(result.text()).isEqualTo("Hello there");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void serverErrorAfterAllRetriesIsUnavailable() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(500, "{\"error\":{\"message\":\"The server had an error\"}}"));
        }
        assertThatThrownBy(() -> provider.chat(request("openai:gpt-4.1-mini", base("/v1"))))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("after 3 attempts")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void rejectedKeyIsAPreconditionErrorWithoutTheKeyAndWithoutRetry() {
        server.enqueue(
                json(
                        401,
                        "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                                + ". You can find your API key at https://platform.openai.com.\",\"code\":\"invalid_api_key\"}}"));
        assertThatThrownBy(() -> provider.chat(request("openai:gpt-4.1-mini", base("/v1"))))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> {
                    assertThat(((DomainException) e).code()).isEqualTo(ErrorCode.FAILED_PRECONDITION);
                    assertThat(e.getMessage())
                            .contains("rejected the API key", "openai_api_key", "OPENAI_API_KEY")
                            .doesNotContain(KEY)
                            .doesNotContain("sk-test");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void badRequestIsNotRetriedAndExplainsWhy() {
        server.enqueue(json(400, "{\"error\":{\"message\":\"Invalid schema for function 'x'\"}}"));
        assertThatThrownBy(() -> provider.chat(request("openai:gpt-4.1-mini", base("/v1"))))
                .hasMessageContaining("refused the request (HTTP 400): Invalid schema for function 'x'")
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void unreachableProviderIsUnavailable() {
        String dead = base("/v1");
        server.close();
        assertThatThrownBy(() -> provider.chat(request("openai:gpt-4.1-mini", dead)))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
    }

    static ChatRequest withTimeout(ChatRequest r, Duration timeout) {
        return new ChatRequest(
                r.model(),
                r.messages(),
                r.tools(),
                r.toolChoice(),
                r.responseSchema(),
                r.temperature(),
                r.maxTokens(),
                r.credentials(),
                timeout);
    }

    @Test
    void callsWhoseTimeoutsShrinkWithTheRunShareOneClientAndItsConnection() throws Exception {
        // a run passes its remaining time as each call's timeout: it differs on every call and must not build a new
        // model (a new HTTP client, a new connection) each time
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, OPENAI_TEXT));
        }
        ChatRequest base = request("openai:gpt-4.1-mini", base("/v1"));
        for (Duration timeout :
                List.of(Duration.ofMillis(29_517), Duration.ofMillis(28_001), Duration.ofMillis(12_000))) {
            assertThat(provider.chat(withTimeout(base, timeout)).text()).isEqualTo("Hello there");
        }
        assertThat(List.of(take().getConnectionIndex(), take().getConnectionIndex(), take().getConnectionIndex()))
                .as("one connection, reused")
                .containsOnly(0);
    }

    @Test
    void aCallLongerThanItsOwnTimeoutFailsAtThatTimeout() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(OPENAI_TEXT)
                .headersDelay(5, TimeUnit.SECONDS)
                .build());
        long start = System.nanoTime();
        assertThatThrownBy(() ->
                        provider.chat(withTimeout(request("openai:gpt-4.1-mini", base("/v1")), Duration.ofMillis(300))))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("the client itself is built with a 10 s timeout; the call's own 300 ms is enforced")
                .isLessThan(Duration.ofSeconds(4));
        assertThat(LangChain4jChatModelProvider.clientTimeout(Duration.ofMillis(300)))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(LangChain4jChatModelProvider.clientTimeout(Duration.ofMinutes(3)))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(LangChain4jChatModelProvider.clientTimeout(Duration.ofHours(2)))
                .isEqualTo(Duration.ofHours(3));
    }
}
