package io.draftnrun.application.llm;

import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.shared.DomainException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat completion call: the model, the conversation, the tools offered and how they may be used, an optional
 * JSON-schema response format, sampling settings (null = provider default), resolved credentials and a timeout.
 */
public record ChatRequest(
        ModelReference model,
        List<ChatMessage> messages,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        Optional<ResponseSchema> responseSchema,
        Double temperature,
        Integer maxTokens,
        ProviderCredentials credentials,
        Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw DomainException.validation("a chat request needs at least one message");
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
        responseSchema = responseSchema == null ? Optional.empty() : responseSchema;
        credentials = credentials == null ? ProviderCredentials.none() : credentials;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw DomainException.validation("chat timeout must be positive");
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw DomainException.validation("temperature must be between 0 and 2");
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw DomainException.validation("max tokens must be positive");
        }
    }

    /** A plain request: no tools, no schema, provider defaults, default timeout. */
    public static ChatRequest of(ModelReference model, List<ChatMessage> messages, ProviderCredentials credentials) {
        return new ChatRequest(
                model, messages, List.of(), ToolChoice.AUTO, Optional.empty(), null, null, credentials, null);
    }

    public ChatRequest withTools(List<ToolSpec> newTools, ToolChoice choice) {
        return new ChatRequest(
                model, messages, newTools, choice, responseSchema, temperature, maxTokens, credentials, timeout);
    }

    public ChatRequest withResponseSchema(ResponseSchema schema) {
        return new ChatRequest(
                model, messages, tools, toolChoice, Optional.of(schema), temperature, maxTokens, credentials, timeout);
    }

    public ChatRequest withSampling(Double newTemperature, Integer newMaxTokens) {
        return new ChatRequest(
                model, messages, tools, toolChoice, responseSchema, newTemperature, newMaxTokens, credentials, timeout);
    }

    public ChatRequest withTimeout(Duration newTimeout) {
        return new ChatRequest(
                model, messages, tools, toolChoice, responseSchema, temperature, maxTokens, credentials, newTimeout);
    }
}
