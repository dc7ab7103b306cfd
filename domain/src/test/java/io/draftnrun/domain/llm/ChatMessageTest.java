package io.draftnrun.domain.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatMessageTest {

    @Test
    void textOfPartsConcatenatesTextPartsOnly() {
        ChatMessage message = ChatMessage.user(List.of(
                new ContentPart.TextPart("Summarise "),
                new ContentPart.FilePart("a.pdf", "data:application/pdf;base64,JVBERi0="),
                new ContentPart.TextPart("this file")));
        assertThat(message.text()).isEqualTo("Summarise this file");
    }

    @Test
    void filePartExposesMimeTypeAndPayload() {
        var part = new ContentPart.FilePart("a.pdf", "data:application/pdf;base64,JVBERi0=");
        assertThat(part.mimeType()).isEqualTo("application/pdf");
        assertThat(part.base64Data()).isEqualTo("JVBERi0=");
    }

    @Test
    void toolMessageMustNameItsCall() {
        assertThatThrownBy(() -> new ChatMessage(Role.TOOL, new MessageContent.Text("x"), List.of(), Optional.empty()))
                .isInstanceOf(DomainException.class);
        assertThat(ChatMessage.tool("call_1", "42").toolCallId()).contains("call_1");
    }

    @Test
    void onlyAssistantCarriesToolCalls() {
        var call = new ToolCall("c1", "search", null);
        assertThat(call.argumentsJson()).isEqualTo("{}");
        assertThatThrownBy(
                        () -> new ChatMessage(Role.USER, new MessageContent.Text("x"), List.of(call), Optional.empty()))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void toolNamesAreRestricted() {
        assertThatThrownBy(() -> new ToolSpec("bad name", "", null)).isInstanceOf(DomainException.class);
        assertThat(new ToolSpec("search_web", null, null).parametersJsonSchema())
                .containsEntry("type", "object");
    }
}
