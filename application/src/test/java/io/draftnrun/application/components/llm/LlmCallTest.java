package io.draftnrun.application.components.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ContentPart;
import io.draftnrun.domain.llm.MessageContent;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmCallTest {
    private final ScriptedChatModelProvider chat = new ScriptedChatModelProvider();
    private final TestRunContexts runs = new TestRunContexts(chat);

    private RunnableComponent build(Map<String, Object> parameters) {
        return new LlmCall(runs.llm)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Summarize",
                        ResolvedParameters.of(parameters),
                        Map.of(),
                        ToolDescription.empty("summarize")));
    }

    @Test
    void rendersInputAndPayloadKeysIntoOneUserMessage() {
        chat.enqueue(ScriptedChatModelProvider.Reply.text("Bonjour").withDeltas("Bon", "jour"));
        RunnableComponent call = build(Map.of(
                "prompt_template", "Translate {{input}} for {{ audience }} {{missing}}!",
                "completion_model", "openai:gpt-4.1-mini"));
        Payload input = Payload.fromMap(
                Map.of("messages", List.of(Map.of("role", "user", "content", "Hello")), "audience", "kids"));

        Payload out = call.run(List.of(input), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("Bonjour");
        ChatMessage sent = chat.lastRequest().messages().getFirst();
        assertThat(chat.lastRequest().messages()).hasSize(1);
        assertThat(sent.text()).isEqualTo("Translate Hello for kids !");
        assertThat(chat.lastRequest().temperature()).isEqualTo(0.5);
        assertThat(runs.events).containsExactly("token:Bon", "token:jour");
        assertThat(runs.spans.named("LLM Call").attributes()).containsEntry("llm.model_name", "gpt-4.1-mini");
    }

    @Test
    void inputConcatenatesTheLastMessageOfEveryInput() {
        chat.enqueueText("ok");
        build(Map.of("prompt_template", "[{{input}}]"))
                .run(List.of(Payload.assistant("a"), Payload.assistant("b")), runs.context());
        assertThat(chat.lastRequest().messages().getFirst().text()).isEqualTo("[ab]");
    }

    @Test
    void attachesFilesNamedByFileContentAndFoundInMessages() {
        chat.enqueueText("read");
        String pdf = "data:application/pdf;base64,JVBERi0=";
        Payload input = Payload.fromMap(Map.of(
                "messages",
                List.of(Map.of(
                        "role",
                        "user",
                        "content",
                        List.of(
                                Map.of("type", "text", "text", "See"),
                                Map.of("type", "file", "file", Map.of("filename", "a.pdf", "file_data", pdf))))),
                "contract",
                Map.of("filename", "b.pdf", "file_data", pdf)));

        build(Map.of("prompt_template", "Read {{input}}", "file_content", "{{contract}}"))
                .run(List.of(input), runs.context());

        MessageContent content = chat.lastRequest().messages().getFirst().content();
        assertThat(content).isInstanceOf(MessageContent.Parts.class);
        List<ContentPart> parts = ((MessageContent.Parts) content).parts();
        assertThat(parts.getFirst()).isEqualTo(new ContentPart.TextPart("Read See"));
        assertThat(parts.subList(1, 3))
                .extracting(p -> ((ContentPart.FilePart) p).filename())
                .containsExactly("a.pdf", "b.pdf");
    }

    @Test
    void outputFormatSendsAJsonSchema() {
        chat.enqueueText("{\"x\":1}");
        build(
                        Map.of(
                                "output_format",
                                "{\"name\":\"answer\",\"schema\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}}}}"))
                .run(List.of(Payload.assistant("q")), runs.context());
        assertThat(chat.lastRequest().responseSchema()).isPresent();
        assertThat(chat.lastRequest().responseSchema().get().name()).isEqualTo("answer");
    }

    @Test
    void asAToolTheArgumentsBecomePayloadKeys() {
        chat.enqueueText("done");
        FunctionCallable tool = (FunctionCallable) build(Map.of("prompt_template", "{{topic}}: {{input}}"));
        Payload out = tool.callAsTool(Map.of("topic", "Weather", "input", "Paris?"), Payload.empty(), runs.context());
        assertThat(out.lastMessageText()).isEqualTo("done");
        assertThat(chat.lastRequest().messages().getFirst().text()).isEqualTo("Weather: Paris?");
    }

    @Test
    void aBadModelReferenceIsAValidationError() {
        assertThatThrownBy(() -> build(Map.of("completion_model", "gpt4")))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("provider:model");
    }
}
