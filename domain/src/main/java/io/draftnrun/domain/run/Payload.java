package io.draftnrun.domain.run;

import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ContentPart;
import io.draftnrun.domain.llm.MessageContent;
import io.draftnrun.domain.llm.Role;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.shared.DomainException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What flows along an edge (the reference's {@code AgentPayload}, spec 2.3): messages, artifacts (sources, API
 * responses, SQL...), an error, whether the answer is final, and free extra top-level keys which are preserved.
 * Converts from and to the JSON-like map of the wire format ({@code messages}, {@code artifacts}, {@code error},
 * {@code is_final}, extra keys).
 *
 * @param artifacts JSON-like values by name (insertion ordered, unmodifiable)
 * @param extra other top-level keys (a request's {@code additional_info}, files...), never one of the four above
 */
public record Payload(
        List<ChatMessage> messages,
        Map<String, Object> artifacts,
        Optional<String> error,
        boolean isFinal,
        Map<String, Object> extra) {

    public static final String MESSAGES = "messages";
    public static final String ARTIFACTS = "artifacts";
    public static final String ERROR = "error";
    public static final String IS_FINAL = "is_final";
    private static final Set<String> RESERVED = Set.of(MESSAGES, ARTIFACTS, ERROR, IS_FINAL);

    public Payload {
        messages = messages == null ? List.of() : List.copyOf(messages);
        artifacts = artifacts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
        error = error == null ? Optional.empty() : error;
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        for (String key : extra.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("extra key '" + key + "' is a payload field");
            }
        }
    }

    public static Payload empty() {
        return new Payload(List.of(), Map.of(), Optional.empty(), false, Map.of());
    }

    public static Payload of(ChatMessage... messages) {
        return new Payload(List.of(messages), Map.of(), Optional.empty(), false, Map.of());
    }

    /** One assistant message. */
    public static Payload assistant(String text) {
        return of(ChatMessage.assistant(text));
    }

    public Optional<ChatMessage> lastMessage() {
        return messages.isEmpty() ? Optional.empty() : Optional.of(messages.getLast());
    }

    /** The text of the last message (string content or text parts), empty when there is none. */
    public String lastMessageText() {
        return lastMessage().map(ChatMessage::text).orElse("");
    }

    /** A top-level value by key: {@code messages}, {@code artifacts}, {@code error}, {@code is_final} or an extra. */
    public Optional<Object> get(String key) {
        if (RESERVED.contains(key)) {
            return Optional.ofNullable(toMap().get(key));
        }
        return Optional.ofNullable(extra.get(key));
    }

    public Payload withMessages(List<ChatMessage> newMessages) {
        return new Payload(newMessages, artifacts, error, isFinal, extra);
    }

    public Payload withArtifacts(Map<String, Object> newArtifacts) {
        return new Payload(messages, newArtifacts, error, isFinal, extra);
    }

    public Payload withArtifact(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(artifacts);
        copy.put(name, value);
        return withArtifacts(copy);
    }

    public Payload withFinal(boolean finalAnswer) {
        return new Payload(messages, artifacts, error, finalAnswer, extra);
    }

    public Payload withExtra(Map<String, Object> newExtra) {
        return new Payload(messages, artifacts, error, isFinal, newExtra);
    }

    /**
     * Reads the wire form: any JSON object. {@code messages} must be a list of messages when present; other keys
     * than the four payload fields are kept as extras. Invalid messages are VALIDATION errors.
     */
    public static Payload fromMap(Map<String, ?> map) {
        Objects.requireNonNull(map, "payload map");
        List<ChatMessage> messages = new ArrayList<>();
        Object rawMessages = map.get(MESSAGES);
        if (rawMessages instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> m)) {
                    throw DomainException.validation("each message must be an object with a role and a content");
                }
                messages.add(messageFromMap(m));
            }
        } else if (rawMessages != null) {
            throw DomainException.validation("'messages' must be a list");
        }
        Map<String, Object> artifacts = new LinkedHashMap<>();
        if (map.get(ARTIFACTS) instanceof Map<?, ?> a) {
            a.forEach((k, v) -> artifacts.put(String.valueOf(k), v));
        }
        Object error = map.get(ERROR);
        boolean isFinal = Boolean.TRUE.equals(map.get(IS_FINAL));
        Map<String, Object> extra = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!RESERVED.contains(k)) {
                extra.put(k, v);
            }
        });
        return new Payload(messages, artifacts, Optional.ofNullable(error).map(String::valueOf), isFinal, extra);
    }

    /** The wire form: {@code messages}, {@code artifacts}, {@code error} (null when none), {@code is_final}, extras. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(MESSAGES, messages.stream().map(Payload::messageToMap).toList());
        map.put(ARTIFACTS, artifacts);
        map.put(ERROR, error.orElse(null));
        map.put(IS_FINAL, isFinal);
        map.putAll(extra);
        return map;
    }

    /** A message in the OpenAI-style wire form (role, content string or parts, tool_calls, tool_call_id). */
    public static Map<String, Object> messageToMap(ChatMessage message) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", message.role().name().toLowerCase(Locale.ROOT));
        switch (message.content()) {
            case MessageContent.Text t -> map.put("content", t.value());
            case MessageContent.Parts p ->
                map.put("content", p.parts().stream().map(Payload::partToMap).toList());
        }
        if (!message.toolCalls().isEmpty()) {
            map.put(
                    "tool_calls",
                    message.toolCalls().stream()
                            .map(c -> Map.<String, Object>of(
                                    "id",
                                    c.id(),
                                    "type",
                                    "function",
                                    "function",
                                    Map.of("name", c.name(), "arguments", c.argumentsJson())))
                            .toList());
        }
        message.toolCallId().ifPresent(id -> map.put("tool_call_id", id));
        return map;
    }

    private static Map<String, Object> partToMap(ContentPart part) {
        return switch (part) {
            case ContentPart.TextPart t -> Map.of("type", "text", "text", t.text());
            case ContentPart.FilePart f ->
                Map.of("type", "file", "file", Map.of("filename", f.filename(), "file_data", f.fileData()));
            case ContentPart.ImagePart i -> Map.of("type", "image_url", "image_url", Map.of("url", i.url()));
        };
    }

    /** Reads a message in the OpenAI-style wire form. */
    public static ChatMessage messageFromMap(Map<?, ?> map) {
        Object rawRole = map.get("role");
        Role role;
        try {
            role = Role.valueOf(String.valueOf(rawRole).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation(
                    "message role '" + rawRole + "' must be one of system, user, assistant, tool");
        }
        Object rawContent = map.get("content");
        MessageContent content;
        if (rawContent instanceof List<?> parts) {
            List<ContentPart> list = new ArrayList<>();
            for (Object p : parts) {
                if (p instanceof Map<?, ?> pm) {
                    partFromMap(pm).ifPresent(list::add);
                } else if (p instanceof String s) {
                    list.add(new ContentPart.TextPart(s));
                }
            }
            content = new MessageContent.Parts(list);
        } else {
            content = new MessageContent.Text(rawContent == null ? "" : String.valueOf(rawContent));
        }
        List<ToolCall> calls = new ArrayList<>();
        if (map.get("tool_calls") instanceof List<?> rawCalls) {
            for (Object c : rawCalls) {
                if (c instanceof Map<?, ?> cm) {
                    Object fn = cm.get("function");
                    String name =
                            fn instanceof Map<?, ?> f ? String.valueOf(f.get("name")) : String.valueOf(cm.get("name"));
                    Object args = fn instanceof Map<?, ?> f ? f.get("arguments") : cm.get("arguments");
                    String argsJson = args == null ? "{}" : args instanceof String s ? s : Json.write(args);
                    calls.add(new ToolCall(String.valueOf(cm.get("id")), name, argsJson));
                }
            }
        }
        Object toolCallId = map.get("tool_call_id");
        return new ChatMessage(
                role, content, calls, Optional.ofNullable(toolCallId).map(String::valueOf));
    }

    private static Optional<ContentPart> partFromMap(Map<?, ?> part) {
        String type = String.valueOf(part.get("type"));
        return switch (type) {
            case "text" ->
                Optional.of(new ContentPart.TextPart(part.get("text") == null ? "" : String.valueOf(part.get("text"))));
            case "file" -> {
                if (part.get("file") instanceof Map<?, ?> f) {
                    yield Optional.of(new ContentPart.FilePart(
                            String.valueOf(f.get("filename")), String.valueOf(f.get("file_data"))));
                }
                throw DomainException.validation("a file part needs a 'file' object with filename and file_data");
            }
            case "image_url" -> {
                Object image = part.get("image_url");
                Object url = image instanceof Map<?, ?> i ? i.get("url") : image;
                yield Optional.of(new ContentPart.ImagePart(url == null ? null : String.valueOf(url)));
            }
            default -> Optional.empty();
        };
    }
}
