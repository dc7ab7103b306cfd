package io.draftnrun.application.components.agent;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ChatResult;
import io.draftnrun.application.llm.ToolChoice;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunInterrupted;
import io.draftnrun.application.runtime.ToolSet;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.Role;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Templates;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The ReAct function-calling loop of the AI Agent (spec 3.2), reused by the Database Query Agent: system prompt
 * rendered with {@code {{name}}} placeholders over the input payload, history window, model calls offering the tools
 * ({@code tool_choice} none on the last iteration), tool calls executed (in parallel on virtual threads when allowed),
 * one TOOL span and a started/finished event pair per call, optional shortcut on a final tool output, fallback answer
 * ({@code is_final = false}) when the iterations run out. Artifacts of the tools' outputs are carried to the answer.
 */
public final class AgentLoop implements FunctionCallable {
    /** The engine's default system prompt (spec 3.2). */
    public static final String DEFAULT_PROMPT = "Don't make assumptions about what values to plug into functions."
            + " Ask for clarification if a user request is ambiguous.";

    public static final String DEFAULT_FALLBACK = "I'm sorry, I couldn't find a solution to your problem.";

    /** How one agent instance behaves. */
    public record Settings(
            ModelReference model,
            double temperature,
            Optional<String> apiKey,
            Optional<String> initialPrompt,
            String historyField,
            String fallbackAnswer,
            int maxIterations,
            int maxToolsPerIteration,
            int firstHistoryMessages,
            int lastHistoryMessages,
            boolean runToolsInParallel,
            boolean allowToolShortcuts) {
        public Settings {
            Objects.requireNonNull(model, "model");
            apiKey = apiKey == null ? Optional.empty() : apiKey;
            initialPrompt = initialPrompt == null ? Optional.empty() : initialPrompt.filter(s -> !s.isBlank());
            historyField = historyField == null || historyField.isBlank() ? Payload.MESSAGES : historyField;
            fallbackAnswer = fallbackAnswer == null ? DEFAULT_FALLBACK : fallbackAnswer;
            if (maxIterations < 0) {
                throw DomainException.validation("parameter 'max_iterations' must not be negative");
            }
            if (maxToolsPerIteration < 1) {
                throw DomainException.validation("parameter 'max_tools_per_iteration' must be at least 1");
            }
            if (firstHistoryMessages < 0 || lastHistoryMessages < 1) {
                throw DomainException.validation(
                        "parameters 'first_history_messages' >= 0 and 'last_history_messages' >= 1");
            }
        }
    }

    private final LlmCalls llm;
    private final String name;
    private final Settings settings;
    private final List<FunctionCallable> tools;
    private final ToolSpec toolSpec;
    private final SpanKind spanKind;

    public AgentLoop(
            LlmCalls llm,
            String name,
            Settings settings,
            List<FunctionCallable> tools,
            ToolSpec toolSpec,
            SpanKind spanKind) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tools = List.copyOf(tools);
        this.toolSpec = Objects.requireNonNull(toolSpec, "toolSpec");
        this.spanKind = spanKind == null ? SpanKind.AGENT : spanKind;
        List<String> names = new ArrayList<>();
        for (FunctionCallable tool : this.tools) {
            if (tool instanceof ToolSet) {
                continue; // its functions are known when the run starts
            }
            if (names.contains(tool.toolSpec().name())) {
                throw DomainException.validation("agent '" + name + "' has two tools named '"
                        + tool.toolSpec().name() + "': give one of them another tool description name");
            }
            names.add(tool.toolSpec().name());
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SpanKind spanKind() {
        return spanKind;
    }

    @Override
    public ToolSpec toolSpec() {
        return toolSpec;
    }

    public List<FunctionCallable> tools() {
        return tools;
    }

    @Override
    public Payload run(List<Payload> inputs, RunContext ctx) {
        Payload input = inputs.isEmpty() ? Payload.empty() : normalize(inputs.getFirst());
        return loop(input, ctx);
    }

    /**
     * As a tool of another agent: the caller's input, plus the model's arguments as a new user message (the value of
     * a single argument, else the arguments as JSON).
     */
    @Override
    public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
        Payload input = normalize(originalInput);
        if (!arguments.isEmpty()) {
            String ask = arguments.size() == 1 && arguments.values().iterator().next() instanceof String s
                    ? s
                    : Json.write(arguments);
            List<ChatMessage> messages = new ArrayList<>(input.messages());
            messages.add(ChatMessage.user(ask));
            input = input.withMessages(messages);
        }
        return loop(input, ctx);
    }

    /** Step 1: the conversation is read from {@code historyField} when it is not {@code messages}. */
    private Payload normalize(Payload input) {
        if (settings.historyField().equals(Payload.MESSAGES)) {
            return input;
        }
        Object history = input.extra().get(settings.historyField());
        if (history == null) {
            return input;
        }
        Map<String, Object> map = new LinkedHashMap<>(input.toMap());
        map.put(Payload.MESSAGES, history);
        map.remove(settings.historyField());
        return Payload.fromMap(map).withExtra(input.extra());
    }

    private Payload loop(Payload input, RunContext ctx) {
        List<ChatMessage> history = withSystemPrompt(input);
        Map<String, Object> artifacts = new LinkedHashMap<>();
        Map<String, ToolSpec> offered = new LinkedHashMap<>();
        Map<String, FunctionCallable> owners = new LinkedHashMap<>();
        for (FunctionCallable t : tools) {
            if (!(t instanceof ToolSet)) {
                offered.put(t.toolSpec().name(), t.toolSpec());
                owners.put(t.toolSpec().name(), t);
            }
        }
        for (FunctionCallable t : tools) {
            if (t instanceof ToolSet set) {
                for (ToolSpec spec : set.toolSpecs(ctx)) {
                    if (offered.putIfAbsent(spec.name(), spec) == null) { // a name already taken is not offered
                        owners.put(spec.name(), t);
                    }
                }
            }
        }
        for (int iteration = 0; ; iteration++) {
            ctx.checkActive();
            ToolChoice choice = iteration < settings.maxIterations() ? ToolChoice.AUTO : ToolChoice.NONE;
            ChatRequest request =
                    ChatRequest.of(settings.model(), window(history), null).withSampling(settings.temperature(), null);
            if (!tools.isEmpty()) {
                request = request.withTools(List.copyOf(offered.values()), choice);
            }
            ChatResult result = llm.chat(ctx, name, request, settings.apiKey(), true);
            if (!result.hasToolCalls()) {
                return new Payload(
                        List.of(ChatMessage.assistant(result.text())), artifacts, Optional.empty(), true, Map.of());
            }
            List<ToolCall> calls = result.toolCalls().size() > settings.maxToolsPerIteration()
                    ? result.toolCalls().subList(0, settings.maxToolsPerIteration())
                    : result.toolCalls();
            List<Payload> outputs = callTools(calls, input, ctx, owners, offered);
            history.add(ChatMessage.assistant(result.text(), calls));
            for (int i = 0; i < calls.size(); i++) {
                history.add(ChatMessage.tool(calls.get(i).id(), outputs.get(i).lastMessageText()));
                artifacts.putAll(outputs.get(i).artifacts());
            }
            List<Payload> finals = outputs.stream().filter(Payload::isFinal).toList();
            if (settings.allowToolShortcuts() && finals.size() == 1) {
                return finals.getFirst();
            }
            if (iteration >= settings.maxIterations()) {
                return new Payload(
                        List.of(ChatMessage.assistant(settings.fallbackAnswer())),
                        artifacts,
                        Optional.empty(),
                        false,
                        Map.of());
            }
        }
    }

    /** Step 2: insert the rendered prompt, or replace an existing system message by the raw prompt. */
    private List<ChatMessage> withSystemPrompt(Payload input) {
        List<ChatMessage> history = new ArrayList<>(input.messages());
        boolean hasSystem = history.stream().anyMatch(m -> m.role() == Role.SYSTEM);
        if (!hasSystem) {
            String template = settings.initialPrompt().orElse(DEFAULT_PROMPT);
            history.addFirst(ChatMessage.system(Templates.renderWithPayloads(template, List.of(input))));
        } else if (settings.initialPrompt().isPresent()) {
            history.set(0, ChatMessage.system(settings.initialPrompt().get()));
        }
        return history;
    }

    /**
     * Step 3: the first {@code first} and last {@code last} messages; when the two parts meet on the same role, the
     * duplicate is dropped. Tool messages whose call was cut off are dropped too (providers reject them).
     */
    List<ChatMessage> window(List<ChatMessage> history) {
        int first = settings.firstHistoryMessages();
        int last = settings.lastHistoryMessages();
        if (history.size() <= first + last) {
            return List.copyOf(history);
        }
        List<ChatMessage> head = new ArrayList<>(history.subList(0, first));
        List<ChatMessage> tail = new ArrayList<>(history.subList(history.size() - last, history.size()));
        if (!head.isEmpty() && head.getLast().role() == tail.getFirst().role()) {
            tail.removeFirst();
        }
        while (!tail.isEmpty() && tail.getFirst().role() == Role.TOOL) {
            tail.removeFirst();
        }
        head.addAll(tail);
        return head;
    }

    private List<Payload> callTools(
            List<ToolCall> calls,
            Payload input,
            RunContext ctx,
            Map<String, FunctionCallable> owners,
            Map<String, ToolSpec> offered) {
        List<Callable<Payload>> tasks = new ArrayList<>();
        for (ToolCall call : calls) {
            tasks.add(() -> callTool(call, input, ctx, owners, offered));
        }
        if (settings.runToolsInParallel() && tasks.size() > 1) {
            return ctx.parallel(tasks);
        }
        List<Payload> outputs = new ArrayList<>();
        for (Callable<Payload> task : tasks) {
            try {
                outputs.add(task.call());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return outputs;
    }

    private Payload callTool(
            ToolCall call,
            Payload input,
            RunContext ctx,
            Map<String, FunctionCallable> owners,
            Map<String, ToolSpec> offered) {
        ctx.checkActive();
        ctx.toolCallStarted(call.id(), call.name(), call.argumentsJson());
        Optional<FunctionCallable> tool = Optional.ofNullable(owners.get(call.name()));
        try (SpanHandle span = ctx.span(call.name(), SpanKind.TOOL)) {
            span.tool(
                    call.name(),
                    Optional.ofNullable(offered.get(call.name()))
                            .map(ToolSpec::description)
                            .orElse(""),
                    call.argumentsJson());
            Payload output;
            Optional<String> error = Optional.empty();
            if (tool.isEmpty()) {
                output = Payload.assistant("Error: there is no tool named '" + call.name() + "'.");
                error = Optional.of("unknown tool");
            } else {
                Map<String, Object> arguments;
                try {
                    arguments = Json.parseObject(call.argumentsJson());
                } catch (DomainException e) {
                    arguments = null;
                    output = Payload.assistant("Error: the arguments are not a JSON object: " + e.getMessage());
                    error = Optional.of("invalid arguments");
                    span.output(output.lastMessageText());
                    span.end();
                    ctx.toolCallFinished(call.id(), call.name(), output.lastMessageText(), error);
                    return output;
                }
                try {
                    output = tool.get() instanceof ToolSet set
                            ? set.callNamed(call.name(), arguments, input, ctx.within(span))
                            : tool.get().callAsTool(arguments, input, ctx.within(span));
                    if (output == null) {
                        output = Payload.empty();
                    }
                } catch (RuntimeException e) {
                    span.fail(e);
                    if (!(e instanceof RunInterrupted)) {
                        ctx.toolCallFinished(call.id(), call.name(), "", Optional.of(e.getMessage()));
                    }
                    throw e;
                }
            }
            if (span.recording()) {
                span.output(output.lastMessageText());
            }
            span.end();
            ctx.toolCallFinished(call.id(), call.name(), output.lastMessageText(), error);
            return output;
        }
    }
}
