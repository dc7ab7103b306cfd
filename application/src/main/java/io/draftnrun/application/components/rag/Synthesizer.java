package io.draftnrun.application.components.rag;

import io.draftnrun.application.components.llm.LlmParameters;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.llm.ResponseSchema;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Templates;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Synthesizer (spec 3.4): answers the question from numbered sources. The template gets {@code {{context_str}}}
 * (the sources as {@link Contexts#sources} shows them, metadata keys of the first chunk), {@code {{query_str}}} and
 * optional contexts (the glossary); a placeholder with no value is an error. Models that support JSON schemas answer
 * {@code {response, is_successful}}; others answer in plain text with {@code is_successful = false}.
 */
public final class Synthesizer implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("6f790dd1-06f6-4489-a655-1a618763a114");
    public static final String NAME = "Synthesizer";
    public static final String PROMPT_TEMPLATE = "prompt_template";

    public static final String DEFAULT_PROMPT = """
            You are a helpful assistant. Answer the query using only the numbered sources below.
            Cite every source you use with its number in brackets, e.g. [1] or [1, 2], right after the information.
            If the sources are not enough to answer, say so and do not invent an answer.
            If the user asks where the information comes from, list the sources you used.

            Example:
            Source 1: The sky is red in the evening because of the low sun.
            Source 2: Water is wet.
            Query: Why is the sky red in the evening?
            Answer: Because of the low position of the sun [1].

            Sources:
            {{context_str}}

            Query: {{query_str}}
            Answer:""";

    static final ResponseSchema SCHEMA = new ResponseSchema(
            "sourced_response",
            Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of(
                            "response", Map.of("type", "string"),
                            "is_successful", Map.of("type", "boolean")),
                    "required",
                    List.of("response", "is_successful"),
                    "additionalProperties",
                    false));

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Writes the answer of a RAG from the retrieved sources.")
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(concat(
                    List.of(ParameterDefinition.builder(PROMPT_TEMPLATE, ParameterType.STRING)
                            .defaultValue(DEFAULT_PROMPT)
                            .order(0)
                            .ui(UiComponent.TEXTAREA, Map.of("label", "Prompt template"))
                            .build()),
                    LlmParameters.definitions(1)))
            .build();

    private static List<ParameterDefinition> concat(List<ParameterDefinition> a, List<ParameterDefinition> b) {
        List<ParameterDefinition> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private final LlmCalls llm;
    private final ModelCatalog models;

    /** @param models tells which models answer in structured output */
    public Synthesizer(LlmCalls llm, ModelCatalog models) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.models = Objects.requireNonNull(models, "models");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        return new Instance(
                llm,
                models,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                p.string(PROMPT_TEMPLATE).orElse(DEFAULT_PROMPT),
                LlmParameters.model(p),
                LlmParameters.temperature(p),
                LlmParameters.apiKey(p));
    }

    /** A synthesizer instance. */
    public record Instance(
            LlmCalls llm,
            ModelCatalog models,
            String name,
            String template,
            ModelReference model,
            double temperature,
            Optional<String> apiKey)
            implements RunnableComponent {

        /** The prompt for these chunks and optional contexts (e.g. {@code retrieved_definitions}). */
        public String prompt(String query, List<SourceChunk> chunks, Map<String, String> optional) {
            List<String> keys = chunks.isEmpty()
                    ? List.of()
                    : chunks.getFirst().metadata().keySet().stream()
                            .filter(k -> !Contexts.HIDDEN_METADATA.contains(k))
                            .toList();
            Map<String, String> values = new HashMap<>(optional);
            values.put("context_str", Contexts.sources(chunks, keys));
            values.put("query_str", query);
            for (String placeholder : Templates.placeholders(template)) {
                if (!values.containsKey(placeholder)) {
                    throw DomainException.validation(
                            "the synthesizer prompt uses {{" + placeholder + "}} but nothing provides it");
                }
            }
            return Templates.render(template, values);
        }

        public SourcedResponse synthesize(
                String query, List<SourceChunk> chunks, Map<String, String> optional, RunContext ctx) {
            String prompt = prompt(query, chunks, optional);
            ChatRequest request = ChatRequest.of(model, List.of(ChatMessage.user(prompt)), null)
                    .withSampling(temperature, null);
            boolean structured = models.find(model)
                    .map(m -> m.can(ModelCapability.STRUCTURED_OUTPUT))
                    .orElse(model.provider().equals(BuiltInModels.OPENAI));
            if (!structured) {
                String text = llm.chat(ctx, name, request, apiKey, false).text();
                return new SourcedResponse(text, chunks, Optional.of(false));
            }
            String json = llm.chat(ctx, name, request.withResponseSchema(SCHEMA), apiKey, false)
                    .text();
            try {
                Map<String, Object> answer = Json.parseObject(json);
                return new SourcedResponse(
                        String.valueOf(answer.getOrDefault("response", "")),
                        chunks,
                        Optional.of(Boolean.TRUE.equals(answer.get("is_successful"))));
            } catch (DomainException e) {
                return new SourcedResponse(json, chunks, Optional.of(false));
            }
        }

        @Override
        public SpanKind spanKind() {
            return SpanKind.LLM;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            throw DomainException.validation("'" + name + "' is a part of a RAG; it cannot run as a graph step");
        }
    }
}
