package io.draftnrun.adapter.out.llm;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.PdfFileContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ContentPart;
import io.draftnrun.domain.llm.MessageContent;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Converts our chat messages into langchain4j messages. */
final class Messages {
    private Messages() {}

    static List<dev.langchain4j.data.message.ChatMessage> toLangChain(List<ChatMessage> messages) {
        Map<String, String> toolNames = new HashMap<>();
        List<dev.langchain4j.data.message.ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case SYSTEM -> out.add(SystemMessage.from(m.text()));
                case USER -> out.add(user(m));
                case ASSISTANT -> {
                    List<ToolExecutionRequest> calls = new ArrayList<>();
                    for (ToolCall call : m.toolCalls()) {
                        toolNames.put(call.id(), call.name());
                        calls.add(ToolExecutionRequest.builder()
                                .id(call.id())
                                .name(call.name())
                                .arguments(call.argumentsJson())
                                .build());
                    }
                    String text = m.text();
                    out.add(
                            calls.isEmpty()
                                    ? AiMessage.from(text)
                                    : AiMessage.from(text.isEmpty() ? null : text, calls));
                }
                case TOOL -> {
                    String id = m.toolCallId().orElseThrow();
                    out.add(ToolExecutionResultMessage.from(id, toolNames.getOrDefault(id, "tool"), m.text()));
                }
            }
        }
        return out;
    }

    private static UserMessage user(ChatMessage m) {
        if (m.content() instanceof MessageContent.Text text) {
            return UserMessage.from(text.value());
        }
        List<Content> contents = new ArrayList<>();
        for (ContentPart part : ((MessageContent.Parts) m.content()).parts()) {
            switch (part) {
                case ContentPart.TextPart t -> contents.add(TextContent.from(t.text()));
                case ContentPart.ImagePart i -> contents.add(image(i.url()));
                case ContentPart.FilePart f -> contents.add(file(f));
            }
        }
        return UserMessage.from(contents);
    }

    private static Content image(String url) {
        if (url.startsWith("data:")) {
            int semicolon = url.indexOf(';');
            int comma = url.indexOf(',');
            if (semicolon < 0 || comma < semicolon) {
                throw DomainException.validation("image data URL must look like data:image/png;base64,...");
            }
            return ImageContent.from(url.substring(comma + 1), url.substring(5, semicolon));
        }
        return ImageContent.from(url);
    }

    private static Content file(ContentPart.FilePart f) {
        String mime = f.mimeType();
        if (mime.equals("application/pdf")) {
            return PdfFileContent.from(f.base64Data(), mime);
        }
        if (mime.startsWith("image/")) {
            return ImageContent.from(f.base64Data(), mime);
        }
        if (mime.startsWith("text/") || mime.equals("application/json") || mime.endsWith("+json")) {
            String text;
            try {
                text = new String(Base64.getDecoder().decode(f.base64Data()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw DomainException.validation("file '" + f.filename() + "' is not valid base64");
            }
            return TextContent.from("File " + f.filename() + ":\n" + text);
        }
        throw DomainException.validation(
                "file '" + f.filename() + "' has unsupported type " + mime + ": attach PDF, image or text files");
    }
}
