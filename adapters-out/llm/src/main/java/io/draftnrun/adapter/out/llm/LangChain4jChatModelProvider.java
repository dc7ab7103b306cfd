package io.draftnrun.adapter.out.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ChatResult;
import io.draftnrun.application.llm.FinishReason;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.ToolChoice;
import io.draftnrun.application.llm.port.ChatModelProvider;
import io.draftnrun.application.llm.port.ChatStreamListener;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ChatModelProvider} over langchain4j. Routes {@code openai}, {@code anthropic}, {@code google} (Gemini),
 * {@code mistral} (its OpenAI-compatible API), {@code ollama} and the custom providers of {@code custom_models.json}
 * (OpenAI chat completions at their {@code base_url}). With a listener other than {@link ChatStreamListener#NONE} the
 * streaming model is used and deltas are forwarded as they arrive. Retries 429/5xx/network failures with backoff
 * (never after tokens were streamed); langchain4j's own retries are off.
 */
public final class LangChain4jChatModelProvider implements ChatModelProvider {
    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    static final String MISTRAL_BASE_URL = "https://api.mistral.ai/v1";
    static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1/";
    static final String GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    enum Kind {
        OPENAI,
        MISTRAL,
        CUSTOM,
        ANTHROPIC,
        GEMINI,
        OLLAMA
    }

    private record ModelKey(
            Kind kind, String baseUrl, String apiKey, String model, Duration timeout, boolean streaming) {
        @Override
        public String toString() {
            return kind + ":" + model + "@" + baseUrl;
        }
    }

    private final ModelCatalog catalog;
    private final ProviderCall calls;
    private final Map<ModelKey, Object> models = new ConcurrentHashMap<>();

    public LangChain4jChatModelProvider(ModelCatalog catalog) {
        this(catalog, RetryPolicy.DEFAULT);
    }

    public LangChain4jChatModelProvider(ModelCatalog catalog, RetryPolicy retryPolicy) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calls = new ProviderCall(Objects.requireNonNull(retryPolicy, "retryPolicy"));
    }

    @Override
    public ChatResult chat(ChatRequest request, ChatStreamListener listener) {
        Kind kind = kind(request.model().provider());
        String baseUrl = baseUrl(kind, request);
        checkSupported(kind, request);
        ModelKey key = new ModelKey(
                kind,
                baseUrl,
                request.credentials().apiKey().orElse(""),
                request.model().model(),
                clientTimeout(request.timeout()),
                listener != ChatStreamListener.NONE);
        dev.langchain4j.model.chat.request.ChatRequest lcRequest = toLangChain(kind, request);
        ProviderCall.Target target = new ProviderCall.Target(
                request.model().provider(),
                request.model().model(),
                baseUrl,
                request.credentials().apiKey(),
                keyHint(request.model().provider()));

        ChatResponse response;
        if (key.streaming()) {
            AtomicBoolean streamed = new AtomicBoolean();
            StreamingChatModel model = (StreamingChatModel) models.computeIfAbsent(key, this::build);
            response = calls.run(
                    target,
                    request.timeout(),
                    () -> stream(model, lcRequest, listener, streamed, request.timeout()),
                    () -> !streamed.get());
        } else {
            ChatModel model = (ChatModel) models.computeIfAbsent(key, this::build);
            response = calls.run(
                    target,
                    request.timeout(),
                    () -> LlmHttpClient.within(request.timeout(), () -> model.chat(lcRequest)),
                    () -> true);
        }
        return toResult(response, request);
    }

    /**
     * The timeout the model's HTTP client is built with: the call's timeout rounded up to a few fixed steps, so that
     * one model (and its HTTP client with its pooled connections) serves every call, whose timeouts shrink with the
     * run's remaining time. The exact timeout of each call is enforced per request ({@link LlmHttpClient#within}).
     */
    static Duration clientTimeout(Duration timeout) {
        for (Duration step : TIMEOUT_STEPS) {
            if (timeout.compareTo(step) <= 0) {
                return step;
            }
        }
        return Duration.ofHours(timeout.toHours() + 1);
    }

    private static final List<Duration> TIMEOUT_STEPS = List.of(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            Duration.ofHours(1));

    private static ChatResponse await(CompletableFuture<ChatResponse> done, Duration timeout) {
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new dev.langchain4j.exception.TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException(ErrorCode.UNAVAILABLE, "chat call interrupted");
        }
    }

    private static ChatResponse stream(
            StreamingChatModel model,
            dev.langchain4j.model.chat.request.ChatRequest request,
            ChatStreamListener listener,
            AtomicBoolean streamed,
            Duration timeout) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        // our HTTP client reads the answer on this thread: chat returns with it complete (the wait is for any model
        // that would still answer on a thread of its own)
        LlmHttpClient.within(timeout, () -> {
            chat(model, request, listener, streamed, done);
            return null;
        });
        return await(done, timeout);
    }

    private static void chat(
            StreamingChatModel model,
            dev.langchain4j.model.chat.request.ChatRequest request,
            ChatStreamListener listener,
            AtomicBoolean streamed,
            CompletableFuture<ChatResponse> done) {
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                if (partial != null && !partial.isEmpty()) {
                    streamed.set(true);
                    listener.onToken(partial);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
    }

    private Kind kind(String provider) {
        return switch (provider) {
            case BuiltInModels.OPENAI -> Kind.OPENAI;
            case BuiltInModels.MISTRAL -> Kind.MISTRAL;
            case BuiltInModels.ANTHROPIC -> Kind.ANTHROPIC;
            case BuiltInModels.GOOGLE -> Kind.GEMINI;
            case BuiltInModels.OLLAMA -> Kind.OLLAMA;
            case BuiltInModels.LOCAL ->
                throw new DomainException(
                        ErrorCode.FAILED_PRECONDITION, "provider 'local' only offers embedding models, not chat");
            default -> Kind.CUSTOM;
        };
    }

    private static String baseUrl(Kind kind, ChatRequest request) {
        Optional<String> configured = request.credentials().baseUrl();
        return switch (kind) {
            case OPENAI -> configured.orElse(OPENAI_BASE_URL);
            case MISTRAL -> configured.orElse(MISTRAL_BASE_URL);
            case ANTHROPIC -> configured.orElse(ANTHROPIC_BASE_URL);
            case GEMINI -> configured.orElse(GEMINI_BASE_URL);
            case OLLAMA -> configured.orElse(LlmCredentialResolver.DEFAULT_OLLAMA_BASE_URL);
            case CUSTOM ->
                configured.orElseThrow(() -> new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "custom provider '" + request.model().provider()
                                + "' has no base_url: declare it in custom_models.json"));
        };
    }

    private void checkSupported(Kind kind, ChatRequest request) {
        if (request.responseSchema().isEmpty()) {
            if (kind == Kind.OLLAMA
                    && request.toolChoice() == ToolChoice.REQUIRED
                    && !request.tools().isEmpty()) {
                throw new DomainException(
                        ErrorCode.FAILED_PRECONDITION, "ollama cannot be forced to call a tool (tool choice REQUIRED)");
            }
            return;
        }
        boolean supported = switch (kind) {
            case OPENAI, GEMINI -> true;
            case CUSTOM ->
                catalog.find(request.model())
                        .map(m -> m.can(ModelCapability.STRUCTURED_OUTPUT))
                        .orElse(false);
            default -> false;
        };
        if (!supported) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "model '" + request.model() + "' does not support JSON-schema structured output;"
                            + " use an openai or google model");
        }
    }

    private static dev.langchain4j.model.chat.request.ChatRequest toLangChain(Kind kind, ChatRequest request) {
        var builder = dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(Messages.toLangChain(request.messages()));
        if (request.temperature() != null) {
            builder.temperature(request.temperature());
        }
        if (request.maxTokens() != null) {
            builder.maxOutputTokens(request.maxTokens());
        }
        boolean omitTools =
                request.tools().isEmpty() || (kind == Kind.OLLAMA && request.toolChoice() == ToolChoice.NONE);
        if (!omitTools) {
            builder.toolSpecifications(
                    request.tools().stream().map(JsonSchemas::tool).toList());
            if (kind != Kind.OLLAMA) {
                builder.toolChoice(
                        switch (request.toolChoice()) {
                            case AUTO -> dev.langchain4j.model.chat.request.ToolChoice.AUTO;
                            case NONE -> dev.langchain4j.model.chat.request.ToolChoice.NONE;
                            case REQUIRED -> dev.langchain4j.model.chat.request.ToolChoice.REQUIRED;
                        });
            }
        }
        request.responseSchema()
                .ifPresent(schema -> builder.responseFormat(ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder()
                                .name(schema.name())
                                .rootElement(
                                        JsonSchemas.object(schema.schema(), "output format '" + schema.name() + "'"))
                                .build())
                        .build()));
        return builder.build();
    }

    private Object build(ModelKey key) {
        if (models.size() > 256) {
            models.clear();
        }
        String apiKey = key.apiKey().isEmpty() ? null : key.apiKey();
        return switch (key.kind()) {
            case OPENAI, MISTRAL, CUSTOM ->
                key.streaming()
                        ? OpenAiStreamingChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .apiKey(apiKey == null ? "none" : apiKey)
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .strictJsonSchema(true)
                                .build()
                        : OpenAiChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .apiKey(apiKey == null ? "none" : apiKey)
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .maxRetries(0)
                                .strictJsonSchema(true)
                                .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                                .build();
            case ANTHROPIC ->
                key.streaming()
                        ? AnthropicStreamingChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .apiKey(apiKey)
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .build()
                        : AnthropicChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .apiKey(apiKey)
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .maxRetries(0)
                                .build();
            case GEMINI ->
                key.streaming()
                        ? GoogleAiGeminiStreamingChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .apiKey(apiKey)
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .build()
                        : GoogleAiGeminiChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .apiKey(apiKey)
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .maxRetries(0)
                                .build();
            case OLLAMA ->
                key.streaming()
                        ? OllamaStreamingChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .customHeaders(authHeader(apiKey))
                                .build()
                        : OllamaChatModel.builder()
                                .httpClientBuilder(http())
                                .baseUrl(key.baseUrl())
                                .modelName(key.model())
                                .timeout(key.timeout())
                                .customHeaders(authHeader(apiKey))
                                .maxRetries(0)
                                .build();
        };
    }

    /** The HTTP client of a model (see {@link LlmHttpClient}). */
    private static LlmHttpClient.Builder http() {
        return LlmHttpClient.builder();
    }

    private static Map<String, String> authHeader(String apiKey) {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    private static ChatResult toResult(ChatResponse response, ChatRequest request) {
        var ai = response.aiMessage();
        List<ToolCall> toolCalls = ai.hasToolExecutionRequests()
                ? ai.toolExecutionRequests().stream()
                        .map(LangChain4jChatModelProvider::toolCall)
                        .toList()
                : List.of();
        var usage = response.tokenUsage();
        TokenUsage tokens = usage == null
                ? TokenUsage.ZERO
                : new TokenUsage(
                        usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                        usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        FinishReason finish = response.finishReason() == null
                ? (toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS)
                : switch (response.finishReason()) {
                    case STOP -> toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
                    case LENGTH -> FinishReason.LENGTH;
                    case TOOL_EXECUTION -> FinishReason.TOOL_CALLS;
                    case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
                    case OTHER -> FinishReason.OTHER;
                };
        return new ChatResult(ai.text(), toolCalls, tokens, finish, request.model());
    }

    private static ToolCall toolCall(ToolExecutionRequest r) {
        String id = r.id() == null || r.id().isBlank() ? "call_" + UUID.randomUUID() : r.id();
        return new ToolCall(id, r.name(), r.arguments());
    }

    private static String keyHint(String provider) {
        String secret = BuiltInModels.organizationSecretName(provider);
        return BuiltInModels.serverKeyVariable(provider)
                .filter(v -> BuiltInModels.isBuiltInProvider(provider))
                .map(v -> "the organization secret '" + secret + "' or the server variable " + v)
                .orElse("the organization secret '" + secret + "' or the api_key of custom_models.json");
    }
}
