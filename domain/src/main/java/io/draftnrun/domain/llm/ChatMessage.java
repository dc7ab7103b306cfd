package io.draftnrun.domain.llm;

import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation. Assistant messages may carry tool calls; tool messages answer one call and name it
 * by {@code toolCallId}.
 */
public record ChatMessage(Role role, MessageContent content, List<ToolCall> toolCalls, Optional<String> toolCallId) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? new MessageContent.Text("") : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        toolCallId = toolCallId == null ? Optional.empty() : toolCallId;
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw DomainException.validation("only assistant messages carry tool calls");
        }
        if (role == Role.TOOL && toolCallId.isEmpty()) {
            throw DomainException.validation("a tool message must name the tool call it answers");
        }
    }

    public static ChatMessage system(String text) {
        return new ChatMessage(Role.SYSTEM, new MessageContent.Text(text), List.of(), Optional.empty());
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, new MessageContent.Text(text), List.of(), Optional.empty());
    }

    public static ChatMessage user(List<ContentPart> parts) {
        return new ChatMessage(Role.USER, new MessageContent.Parts(parts), List.of(), Optional.empty());
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, new MessageContent.Text(text), List.of(), Optional.empty());
    }

    public static ChatMessage assistant(String text, List<ToolCall> toolCalls) {
        return new ChatMessage(
                Role.ASSISTANT, new MessageContent.Text(text == null ? "" : text), toolCalls, Optional.empty());
    }

    public static ChatMessage tool(String toolCallId, String text) {
        return new ChatMessage(Role.TOOL, new MessageContent.Text(text), List.of(), Optional.of(toolCallId));
    }

    /** The string content, or the text parts concatenated. */
    public String text() {
        return content.text();
    }
}
