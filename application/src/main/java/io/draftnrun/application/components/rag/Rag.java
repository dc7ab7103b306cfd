package io.draftnrun.application.components.rag;

import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
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
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RAG (spec 3.4): retrieve, optionally rerank, optionally look up the glossary, synthesize, format. As a tool it
 * takes {@code query_text} and {@code filters} ({@code {field: value-or-list}}, all must match). Answers with one
 * assistant message, {@code is_final} = the synthesizer's success, and the cited sources in
 * {@code artifacts.sources}.
 */
public final class Rag implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("fe26eac8-61c6-4158-a571-61fd680676c8");
    public static final String NAME = "RAG";
    public static final String HISTORY_FIELD = "input_data_field_for_messages_history";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Answers from the documents of a knowledge source, citing them.")
            .agent(true)
            .functionCallable(true)
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(
                    slot("retriever", true, Retriever.ID, 0),
                    slot("synthesizer", true, Synthesizer.ID, 1),
                    slot("reranker", false, CohereReranker.ID, 2),
                    slot("formatter", false, Formatter.ID, 3),
                    slot("vocabulary_search", false, VocabularySearch.ID, 4),
                    ParameterDefinition.builder(HISTORY_FIELD, ParameterType.STRING)
                            .defaultValue("messages")
                            .order(5)
                            .ui(UiComponent.TEXTFIELD, Map.of("label", "Input field holding the messages"))
                            .advanced()
                            .build()))
            .defaultToolDescription(new ToolDescription(
                    "notion_RAG",
                    "Searches the knowledge base and answers with cited sources.",
                    Map.of(
                            "query_text",
                            Map.of("type", "string", "description", "The question to search for"),
                            "filters",
                            Map.of(
                                    "type",
                                    "object",
                                    "description",
                                    "Metadata filters: {field: value or list of values}, all must match")),
                    List.of()))
            .build();

    private static ParameterDefinition slot(String name, boolean required, ComponentId child, int order) {
        return ParameterDefinition.builder(name, ParameterType.COMPONENT)
                .nullable(!required)
                .order(order)
                .allowedChildren(List.of(child))
                .build();
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        return new Instance(
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                one(spec, "retriever", Retriever.Instance.class).orElseThrow(() -> missing("retriever")),
                one(spec, "synthesizer", Synthesizer.Instance.class).orElseThrow(() -> missing("synthesizer")),
                one(spec, "reranker", CohereReranker.Instance.class),
                one(spec, "formatter", Formatter.Instance.class).orElse(new Formatter.Instance(Formatter.NAME, false)),
                one(spec, "vocabulary_search", VocabularySearch.Instance.class),
                spec.parameters().string(HISTORY_FIELD).orElse("messages"),
                ToolSpecs.of(spec.toolDescription()));
    }

    private static DomainException missing(String slot) {
        return DomainException.validation("RAG needs a component in its '" + slot + "' slot");
    }

    private static <T> Optional<T> one(ComponentSpec spec, String slot, Class<T> type) {
        List<RunnableComponent> children = spec.children(slot);
        if (children.isEmpty()) {
            return Optional.empty();
        }
        if (children.size() > 1 || !type.isInstance(children.getFirst())) {
            throw DomainException.validation("the '" + slot + "' slot of RAG takes one "
                    + type.getEnclosingClass().getSimpleName());
        }
        return Optional.of(type.cast(children.getFirst()));
    }

    private record Instance(
            String name,
            Retriever.Instance retriever,
            Synthesizer.Instance synthesizer,
            Optional<CohereReranker.Instance> reranker,
            Formatter.Instance formatter,
            Optional<VocabularySearch.Instance> vocabulary,
            String historyField,
            ToolSpec toolSpec)
            implements FunctionCallable {

        @Override
        public SpanKind spanKind() {
            return SpanKind.CHAIN;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            return callAsTool(Map.of(), inputs.isEmpty() ? Payload.empty() : inputs.getFirst(), ctx);
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            Object asked = arguments.get("query_text");
            String query = asked != null ? String.valueOf(asked) : lastMessage(originalInput);
            if (query.isBlank()) {
                throw DomainException.validation(name + " needs a question");
            }
            VectorFilter filter =
                    arguments.get("filters") instanceof Map<?, ?> f ? VectorFilter.of(cast(f)) : VectorFilter.none();
            List<SourceChunk> chunks = retriever.retrieve(query, filter, ctx);
            if (reranker.isPresent()) {
                chunks = reranker.get().rerank(query, chunks, ctx);
            }
            Map<String, String> optional =
                    vocabulary.map(v -> Map.of(v.promptKey(), v.context(query))).orElse(Map.of());
            SourcedResponse answer = formatter.format(synthesizer.synthesize(query, chunks, optional, ctx));
            return new Payload(
                    List.of(ChatMessage.assistant(answer.response())),
                    Map.of(
                            "sources",
                            answer.sources().stream().map(SourceChunk::toMap).toList()),
                    Optional.empty(),
                    answer.isSuccessful().orElse(false),
                    Map.of());
        }

        private String lastMessage(Payload input) {
            if (!historyField.equals(Payload.MESSAGES)
                    && input.extra().get(historyField) instanceof List<?> l
                    && !l.isEmpty()
                    && l.getLast() instanceof Map<?, ?> m) {
                return Payload.messageFromMap(m).text();
            }
            return input.lastMessageText();
        }

        @SuppressWarnings("unchecked")
        private static Map<String, ?> cast(Map<?, ?> map) {
            return (Map<String, ?>) map;
        }
    }
}
