package io.draftnrun.application.components.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.llm.ScriptedChatModelProvider.Reply;
import io.draftnrun.application.llm.ToolChoice;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.Role;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AiAgentTest {
    private final ScriptedChatModelProvider chat = new ScriptedChatModelProvider();
    private final TestRunContexts runs = new TestRunContexts(chat);

    /** A tool answering "<name>: <arguments>" and recording its calls. */
    static final class FakeTool implements FunctionCallable {
        final String name;
        final List<Map<String, Object>> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch together;
        final boolean finalAnswer;

        FakeTool(String name, CountDownLatch together, boolean finalAnswer) {
            this.name = name;
            this.together = together;
            this.finalAnswer = finalAnswer;
        }

        @Override
        public ToolSpec toolSpec() {
            return new ToolSpec(name, "The " + name + " tool", Map.of("type", "object", "properties", Map.of()));
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            calls.add(arguments);
            if (together != null) {
                together.countDown();
                try {
                    if (!together.await(5, TimeUnit.SECONDS)) {
                        return Payload.assistant(name + ": ran alone");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Payload.assistant(name + ": " + arguments.get("city"))
                    .withFinal(finalAnswer)
                    .withArtifact(name, "seen");
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            return callAsTool(Map.of(), inputs.getFirst(), ctx);
        }

        @Override
        public String name() {
            return name;
        }
    }

    private RunnableComponent agent(String name, Map<String, Object> parameters, FunctionCallable... tools) {
        return new AiAgent(runs.llm)
                .create(new ComponentSpec(
                        NodeId.random(),
                        name,
                        ResolvedParameters.of(parameters),
                        Map.of(AiAgent.AGENT_TOOLS, List.of(tools)),
                        ToolDescription.empty(name)));
    }

    private static Payload ask(String question) {
        return Payload.fromMap(Map.of(
                "messages", List.of(Map.of("role", "user", "content", question)), "additional_info", "VIP client"));
    }

    @Test
    void answersWithoutToolsBehindTheDefaultSystemPrompt() {
        chat.enqueue(Reply.text("Hello!").withDeltas("Hel", "lo!"));

        Payload out = agent("Helper", Map.of()).run(List.of(ask("Hi")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("Hello!");
        assertThat(out.isFinal()).isTrue();
        ChatRequest sent = chat.lastRequest();
        assertThat(sent.messages().getFirst()).isEqualTo(ChatMessage.system(AgentLoop.DEFAULT_PROMPT));
        assertThat(sent.tools()).isEmpty();
        assertThat(runs.events).containsExactly("token:Hel", "token:lo!");
    }

    @Test
    void rendersTheInitialPromptWithDoubleBracePlaceholdersOverThePayload() {
        chat.enqueueText("ok");
        agent("Helper", Map.of("initial_prompt", "Serve the {{additional_info}} politely. {\"json\": true}"))
                .run(List.of(ask("Hi")), runs.context());
        assertThat(chat.lastRequest().messages().getFirst().text())
                .isEqualTo("Serve the VIP client politely. {\"json\": true}");
    }

    @Test
    void callsAToolThenAnswersWithOneToolSpanPerCall() {
        FakeTool weather = new FakeTool("weather", null, false);
        chat.enqueue(Reply.toolCalls(new ToolCall("c1", "weather", "{\"city\":\"Paris\"}")));
        chat.enqueueText("It is sunny in Paris.");

        Payload out = agent("Helper", Map.of(), weather).run(List.of(ask("Weather in Paris?")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("It is sunny in Paris.");
        assertThat(out.isFinal()).isTrue();
        assertThat(out.artifacts()).containsEntry("weather", "seen");
        assertThat(weather.calls).containsExactly(Map.of("city", "Paris"));
        ChatRequest second = chat.requests().get(1);
        assertThat(second.toolChoice()).isEqualTo(ToolChoice.AUTO);
        assertThat(second.tools()).extracting(ToolSpec::name).containsExactly("weather");
        List<ChatMessage> history = second.messages();
        assertThat(history.get(history.size() - 2).toolCalls())
                .extracting(ToolCall::id)
                .containsExactly("c1");
        assertThat(history.getLast()).isEqualTo(ChatMessage.tool("c1", "weather: Paris"));
        Span span = runs.spans.named("weather");
        assertThat(span.kind()).isEqualTo(SpanKind.TOOL);
        assertThat(span.attributes()).containsEntry("tool.name", "weather");
        assertThat(span.attributes().get("tool.parameters")).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(runs.events)
                .containsSubsequence("tool-start:weather:{\"city\":\"Paris\"}", "tool-end:weather:weather: Paris");
    }

    @Test
    void callsAnotherAgentAsATool() {
        RunnableComponent expert = agent("Expert", Map.of("initial_prompt", "You are the expert."));
        chat.enqueue(Reply.toolCalls(new ToolCall("c1", "Expert", "{\"question\":\"What is 2+2?\"}")));
        chat.enqueueText("4"); // the expert's answer
        chat.enqueueText("The expert says 4.");

        Payload out = agent("Boss", Map.of(), (FunctionCallable) expert).run(List.of(ask("2+2?")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("The expert says 4.");
        List<ChatMessage> expertSaw = chat.requests().get(1).messages();
        assertThat(expertSaw.getFirst()).isEqualTo(ChatMessage.system("You are the expert."));
        assertThat(expertSaw.getLast()).isEqualTo(ChatMessage.user("What is 2+2?"));
        assertThat(chat.lastRequest().messages().getLast()).isEqualTo(ChatMessage.tool("c1", "4"));
    }

    @Test
    void stopsAtMaxIterationsWithTheFallbackAnswer() {
        FakeTool weather = new FakeTool("weather", null, false);
        chat.enqueue(Reply.toolCalls(new ToolCall("c1", "weather", "{\"city\":\"Paris\"}")));
        chat.enqueue(Reply.toolCalls(new ToolCall("c2", "weather", "{\"city\":\"Lyon\"}")));

        Payload out =
                agent("Helper", Map.of("max_iterations", 1), weather).run(List.of(ask("Weather?")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("I'm sorry, I couldn't find a solution to your problem.");
        assertThat(out.isFinal()).isFalse();
        assertThat(chat.requests())
                .extracting(ChatRequest::toolChoice)
                .containsExactly(ToolChoice.AUTO, ToolChoice.NONE);
        assertThat(weather.calls).hasSize(2);
    }

    @Test
    void runsToolCallsInParallelUpToTheCapPerIteration() {
        CountDownLatch together = new CountDownLatch(2);
        FakeTool a = new FakeTool("a", together, false);
        FakeTool b = new FakeTool("b", together, false);
        chat.enqueue(Reply.toolCalls(
                new ToolCall("1", "a", "{\"city\":\"Paris\"}"),
                new ToolCall("2", "b", "{\"city\":\"Lyon\"}"),
                new ToolCall("3", "a", "{\"city\":\"Nice\"}")));
        chat.enqueueText("done");

        agent("Helper", Map.of("max_tools_per_iteration", 2), a, b).run(List.of(ask("go")), runs.context());

        // each call waited for the other: they ran at the same time
        List<ChatMessage> history = chat.lastRequest().messages();
        assertThat(history.subList(history.size() - 2, history.size()))
                .containsExactly(ChatMessage.tool("1", "a: Paris"), ChatMessage.tool("2", "b: Lyon"));
        assertThat(a.calls).hasSize(1);
    }

    @Test
    void aFinalToolOutputIsReturnedDirectlyWithShortcuts() {
        FakeTool lookup = new FakeTool("lookup", null, true);
        chat.enqueue(Reply.toolCalls(new ToolCall("c1", "lookup", "{\"city\":\"Oslo\"}")));

        Payload out =
                agent("Helper", Map.of("allow_tool_shortcuts", true), lookup).run(List.of(ask("?")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("lookup: Oslo");
        assertThat(chat.requests()).hasSize(1);
    }

    @Test
    void theHistoryWindowKeepsFirstAndLastMessagesWithoutRepeatingARole() {
        chat.enqueueText("ok");
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(Map.of("role", i % 2 == 0 ? "user" : "assistant", "content", "m" + i));
        }
        Map<String, Object> input = new HashMap<>();
        input.put("conversation", messages);

        agent(
                        "Helper",
                        Map.of(
                                "first_history_messages",
                                2,
                                "last_history_messages",
                                3,
                                "input_data_field_for_messages_history",
                                "conversation"))
                .run(List.of(Payload.fromMap(input)), runs.context());

        // [system, m0] + [m7, m8, m9]; m7 (assistant) follows m0 (user): nothing dropped
        assertThat(chat.lastRequest().messages())
                .extracting(ChatMessage::text)
                .containsExactly(AgentLoop.DEFAULT_PROMPT, "m0", "m7", "m8", "m9");
        chat.enqueueText("ok");
        agent(
                        "Helper",
                        Map.of(
                                "first_history_messages",
                                2,
                                "last_history_messages",
                                4,
                                "input_data_field_for_messages_history",
                                "conversation"))
                .run(List.of(Payload.fromMap(input)), runs.context());
        // [system, m0(user)] + [m6(user) dropped, m7, m8, m9]
        assertThat(chat.lastRequest().messages())
                .extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
    }
}
