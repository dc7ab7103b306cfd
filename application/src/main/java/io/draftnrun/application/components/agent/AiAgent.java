package io.draftnrun.application.components.agent;

import io.draftnrun.application.components.llm.LlmParameters;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.ToolSpecs;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * AI Agent (spec 3.2): a ReAct function-calling loop over the function-callable components of its {@code agent_tools}
 * slot, other agents included. The loop itself is {@link AgentLoop}.
 */
public final class AiAgent implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("22292e7f-a3ba-4c63-a4c7-dd5c0c75cdaa");
    public static final String NAME = "AI Agent";
    public static final String AGENT_TOOLS = "agent_tools";
    public static final String RUN_TOOLS_IN_PARALLEL = "run_tools_in_parallel";
    public static final String ALLOW_TOOL_SHORTCUTS = "allow_tool_shortcuts";
    public static final String MAX_ITERATIONS = "max_iterations";
    public static final String MAX_TOOLS_PER_ITERATION = "max_tools_per_iteration";
    public static final String INITIAL_PROMPT = "initial_prompt";
    public static final String HISTORY_FIELD = "input_data_field_for_messages_history";
    public static final String FALLBACK_ANSWER = "fallback_react_answer";
    public static final String FIRST_HISTORY_MESSAGES = "first_history_messages";
    public static final String LAST_HISTORY_MESSAGES = "last_history_messages";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = definitionOf();

    private static ComponentDefinition definitionOf() {
        List<ParameterDefinition> parameters = new ArrayList<>();
        parameters.add(ParameterDefinition.builder(AGENT_TOOLS, ParameterType.TOOL)
                .order(0)
                .ui(null, Map.of("label", "Tools"))
                .build());
        parameters.add(ParameterDefinition.builder(INITIAL_PROMPT, ParameterType.STRING)
                .order(1)
                .ui(
                        UiComponent.TEXTAREA,
                        Map.of(
                                "label",
                                "Initial Prompt",
                                "placeholder",
                                "System prompt; {{name}} inserts a key of the input, e.g. {{additional_info}}"))
                .build());
        parameters.addAll(LlmParameters.definitions(
                2,
                io.draftnrun.domain.llm.ModelCapability.COMPLETION,
                io.draftnrun.domain.llm.ModelCapability.FUNCTION_CALLING));
        parameters.addAll(loopParameters(4));
        return ComponentDefinition.builder()
                .id(ID)
                .name(NAME)
                .description("An agent that answers with a language model and calls its tools when needed.")
                .agent(true)
                .functionCallable(true)
                .canUseFunctionCalling(true)
                .releaseStage(ReleaseStage.PUBLIC)
                .parameters(parameters)
                .defaultToolDescription(
                        new ToolDescription("exemple_base_ai_agent", "An AI agent.", Map.of(), List.of()))
                .build();
    }

    /** The loop's advanced parameters (shared with the Database Query Agent), orders from {@code firstOrder}. */
    public static List<ParameterDefinition> loopParameters(int firstOrder) {
        int o = firstOrder;
        return List.of(
                ParameterDefinition.builder(RUN_TOOLS_IN_PARALLEL, ParameterType.BOOLEAN)
                        .defaultValue(true)
                        .order(o++)
                        .ui(UiComponent.CHECKBOX, Map.of("label", "Run tools in parallel"))
                        .advanced()
                        .build(),
                ParameterDefinition.builder(ALLOW_TOOL_SHORTCUTS, ParameterType.BOOLEAN)
                        .defaultValue(false)
                        .order(o++)
                        .ui(UiComponent.CHECKBOX, Map.of("label", "Allow tool shortcuts"))
                        .advanced()
                        .build(),
                ParameterDefinition.builder(MAX_ITERATIONS, ParameterType.INTEGER)
                        .defaultValue(3)
                        .order(o++)
                        .ui(UiComponent.SLIDER, Map.of("label", "Max iterations", "min", 1, "max", 10, "step", 1))
                        .advanced()
                        .build(),
                ParameterDefinition.builder(MAX_TOOLS_PER_ITERATION, ParameterType.INTEGER)
                        .defaultValue(4)
                        .order(o++)
                        .ui(
                                UiComponent.SLIDER,
                                Map.of("label", "Max tool calls per iteration", "min", 1, "max", 20, "step", 1))
                        .advanced()
                        .build(),
                ParameterDefinition.builder(HISTORY_FIELD, ParameterType.STRING)
                        .defaultValue("messages")
                        .order(o++)
                        .ui(UiComponent.TEXTFIELD, Map.of("label", "Input field holding the messages"))
                        .advanced()
                        .build(),
                ParameterDefinition.builder(FALLBACK_ANSWER, ParameterType.STRING)
                        .defaultValue(AgentLoop.DEFAULT_FALLBACK)
                        .order(o++)
                        .ui(UiComponent.TEXTAREA, Map.of("label", "Fallback answer"))
                        .advanced()
                        .build(),
                ParameterDefinition.builder(FIRST_HISTORY_MESSAGES, ParameterType.INTEGER)
                        .defaultValue(1)
                        .order(o++)
                        .ui(
                                UiComponent.SLIDER,
                                Map.of("label", "First history messages kept", "min", 1, "max", 50, "step", 1))
                        .advanced()
                        .build(),
                ParameterDefinition.builder(LAST_HISTORY_MESSAGES, ParameterType.INTEGER)
                        .defaultValue(50)
                        .order(o)
                        .ui(
                                UiComponent.SLIDER,
                                Map.of("label", "Last history messages kept", "min", 2, "max", 100, "step", 1))
                        .advanced()
                        .build());
    }

    /** The loop settings from a node's parameters; {@code prompt} overrides {@code initial_prompt} when given. */
    public static AgentLoop.Settings settings(ResolvedParameters p, Optional<String> prompt) {
        return new AgentLoop.Settings(
                LlmParameters.model(p),
                LlmParameters.temperature(p),
                LlmParameters.apiKey(p),
                prompt.or(() -> p.string(INITIAL_PROMPT)),
                p.string(HISTORY_FIELD).orElse("messages"),
                p.string(FALLBACK_ANSWER).orElse(AgentLoop.DEFAULT_FALLBACK),
                (int) p.integer(MAX_ITERATIONS, 3),
                (int) p.integer(MAX_TOOLS_PER_ITERATION, 4),
                (int) p.integer(FIRST_HISTORY_MESSAGES, 1),
                (int) p.integer(LAST_HISTORY_MESSAGES, 50),
                p.bool(RUN_TOOLS_IN_PARALLEL, true),
                p.bool(ALLOW_TOOL_SHORTCUTS, false));
    }

    private final LlmCalls llm;

    public AiAgent(LlmCalls llm) {
        this.llm = Objects.requireNonNull(llm, "llm");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        return new AgentLoop(
                llm,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                settings(spec.parameters(), Optional.empty()),
                spec.tools(AGENT_TOOLS),
                ToolSpecs.of(spec.toolDescription()),
                SpanKind.AGENT);
    }
}
