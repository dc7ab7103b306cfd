package io.draftnrun.application.components.llm;

import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ChatResult;
import io.draftnrun.application.llm.ResponseSchema;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.ToolSpecs;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ContentPart;
import io.draftnrun.domain.llm.MessageContent;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.ToolSpec;
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

/**
 * LLM Call (spec 3.3): renders {@code prompt_template} against its inputs ({@code {{input}}} = the last message text
 * of every input, {@code {{name}}} = a top-level payload key), attaches files (those in the inputs' last messages and
 * those named by {@code file_content}), sends one user message, optionally constrained by the JSON schema of
 * {@code output_format}, and answers with one assistant message. Function-callable: as a tool, the model's arguments
 * become payload keys.
 */
public final class LlmCall implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("7a039611-49b3-4bfd-b09b-c0f93edf3b79");
    public static final String NAME = "LLM Call";
    public static final String PROMPT_TEMPLATE = "prompt_template";
    public static final String FILE_CONTENT = "file_content";
    public static final String OUTPUT_FORMAT = "output_format";
    public static final String DEFAULT_PROMPT = "Answer this question: {{input}}";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = definitionOf();

    private static ComponentDefinition definitionOf() {
        List<ParameterDefinition> parameters = new ArrayList<>();
        parameters.add(ParameterDefinition.builder(PROMPT_TEMPLATE, ParameterType.STRING)
                .required()
                .defaultValue(DEFAULT_PROMPT)
                .order(0)
                .ui(
                        UiComponent.TEXTAREA,
                        Map.of(
                                "label",
                                "Prompt Template",
                                "placeholder",
                                "Use {{input}} for the last message and {{name}} for a key of the input"))
                .build());
        parameters.add(ParameterDefinition.builder(FILE_CONTENT, ParameterType.STRING)
                .order(1)
                .ui(UiComponent.TEXTFIELD, Map.of("label", "Files", "placeholder", "{{file}}"))
                .build());
        parameters.add(ParameterDefinition.builder(OUTPUT_FORMAT, ParameterType.JSON)
                .order(2)
                .ui(UiComponent.TEXTAREA, Map.of("label", "Output format (JSON schema)"))
                .advanced()
                .build());
        parameters.addAll(LlmParameters.definitions(3));
        return ComponentDefinition.builder()
                .id(ID)
                .name(NAME)
                .description("Templated single call to a language model.")
                .agent(true)
                .functionCallable(true)
                .releaseStage(ReleaseStage.PUBLIC)
                .parameters(parameters)
                .defaultToolDescription(new ToolDescription(
                        "default",
                        "Answers the input with a language model.",
                        Map.of("input", Map.of("type", "string", "description", "The question or text to process")),
                        List.of()))
                .build();
    }

    private final LlmCalls llm;

    /** @param llm how model calls are made */
    public LlmCall(LlmCalls llm) {
        this.llm = Objects.requireNonNull(llm, "llm");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        ModelReference model = LlmParameters.model(p);
        Optional<ResponseSchema> schema = p.jsonObject(OUTPUT_FORMAT).map(LlmCall::responseSchema);
        return new Instance(
                llm,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                p.string(PROMPT_TEMPLATE).orElse(DEFAULT_PROMPT),
                p.string(FILE_CONTENT),
                schema,
                model,
                LlmParameters.temperature(p),
                LlmParameters.apiKey(p),
                ToolSpecs.of(spec.toolDescription()));
    }

    /** {@code {name, schema, ...}} with {@code strict} forced on (spec 3.3). */
    @SuppressWarnings("unchecked")
    static ResponseSchema responseSchema(Map<String, Object> format) {
        Object name = format.get("name");
        Object schema = format.get("schema");
        if (!(schema instanceof Map<?, ?>)) {
            throw DomainException.validation("parameter 'output_format' needs a 'schema' object");
        }
        return new ResponseSchema(name == null ? "output" : String.valueOf(name), (Map<String, Object>) schema);
    }

    private record Instance(
            LlmCalls llm,
            String name,
            String template,
            Optional<String> fileTemplate,
            Optional<ResponseSchema> schema,
            ModelReference model,
            double temperature,
            Optional<String> apiKey,
            ToolSpec toolSpec)
            implements FunctionCallable {

        @Override
        public SpanKind spanKind() {
            return SpanKind.CHAIN;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            String prompt = Templates.renderWithPayloads(template, inputs);
            List<ContentPart> files = new ArrayList<>();
            for (Payload input : inputs) {
                input.lastMessage()
                        .filter(m -> m.content() instanceof MessageContent.Parts)
                        .ifPresent(m -> ((MessageContent.Parts) m.content())
                                .parts().stream()
                                        .filter(ContentPart.FilePart.class::isInstance)
                                        .forEach(files::add));
            }
            fileTemplate.ifPresent(t -> {
                for (String key : Templates.placeholders(t)) {
                    fileFromKey(key, inputs).ifPresent(files::add);
                }
            });
            ChatMessage message;
            if (files.isEmpty()) {
                message = ChatMessage.user(prompt);
            } else {
                List<ContentPart> parts = new ArrayList<>();
                parts.add(new ContentPart.TextPart(prompt));
                parts.addAll(files);
                message = ChatMessage.user(parts);
            }
            ChatRequest request = ChatRequest.of(model, List.of(message), null).withSampling(temperature, null);
            if (schema.isPresent()) {
                request = request.withResponseSchema(schema.get());
            }
            ChatResult result = llm.chat(ctx, NAME, request, apiKey, true);
            return Payload.assistant(result.text());
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            Map<String, Object> extra = new LinkedHashMap<>(originalInput.extra());
            arguments.forEach((k, v) -> {
                if (!k.equals(Payload.MESSAGES)
                        && !k.equals(Payload.ARTIFACTS)
                        && !k.equals(Payload.ERROR)
                        && !k.equals(Payload.IS_FINAL)) {
                    extra.put(k, v);
                }
            });
            Payload input = originalInput.withExtra(extra);
            Object asked = arguments.get("input");
            if (asked != null) {
                List<ChatMessage> messages = new ArrayList<>(originalInput.messages());
                messages.add(ChatMessage.user(String.valueOf(asked)));
                input = input.withMessages(messages);
            }
            return run(List.of(input), ctx);
        }

        private static Optional<ContentPart> fileFromKey(String key, List<Payload> inputs) {
            for (int i = inputs.size() - 1; i >= 0; i--) {
                Optional<Object> value = inputs.get(i).get(key);
                if (value.isPresent() && value.get() instanceof Map<?, ?> file) {
                    Object filename = file.get("filename");
                    Object data = file.get("file_data");
                    if (filename != null && data != null) {
                        return Optional.of(new ContentPart.FilePart(String.valueOf(filename), String.valueOf(data)));
                    }
                    throw DomainException.validation(
                            "input key '" + key + "' must hold an object with filename and file_data");
                }
            }
            return Optional.empty();
        }
    }
}
