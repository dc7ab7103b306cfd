package io.draftnrun.application.llm;

import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.llm.ToolCall;
import java.util.List;
import java.util.Objects;

/** The assistant's reply: its text (empty when it only calls tools), tool calls, usage and why it stopped. */
public record ChatResult(
        String text, List<ToolCall> toolCalls, TokenUsage usage, FinishReason finishReason, ModelReference model) {
    public ChatResult {
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? TokenUsage.ZERO : usage;
        finishReason = finishReason == null ? FinishReason.OTHER : finishReason;
        Objects.requireNonNull(model, "model");
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
