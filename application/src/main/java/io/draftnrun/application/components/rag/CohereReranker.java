package io.draftnrun.application.components.rag;

import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CohereReranker (spec 3.4): reorders retrieved chunks with a Cohere rerank model ({@code top_n =
 * num_doc_reranked}), keeps those whose relevance is at least {@code score_threshold}, and records
 * {@code reranked_score} in their metadata.
 */
public final class CohereReranker implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("dfdc8b87-610f-4ce0-8cf1-276e80bec32b");
    public static final String NAME = "CohereReranker";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Reorders retrieved chunks by relevance with a Cohere rerank model.")
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(
                    ParameterDefinition.builder("cohere_model", ParameterType.STRING)
                            .defaultValue("rerank-multilingual-v3.0")
                            .order(0)
                            .ui(
                                    UiComponent.SELECT,
                                    Map.of(
                                            "label",
                                            "Model",
                                            "options",
                                            List.of("rerank-v3.5", "rerank-multilingual-v3.0")))
                            .build(),
                    ParameterDefinition.builder("score_threshold", ParameterType.FLOAT)
                            .defaultValue(0.0)
                            .order(1)
                            .ui(
                                    UiComponent.SLIDER,
                                    Map.of("label", "Score threshold", "min", 0, "max", 1, "step", 0.01))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder("num_doc_reranked", ParameterType.INTEGER)
                            .defaultValue(5)
                            .order(2)
                            .ui(UiComponent.SLIDER, Map.of("label", "Chunks kept", "min", 1, "max", 10, "step", 1))
                            .advanced()
                            .build()))
            .build();

    private final Reranker reranker;

    /** @param reranker the reranking service (Cohere) */
    public CohereReranker(Reranker reranker) {
        this.reranker = Objects.requireNonNull(reranker, "reranker");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        return new Instance(
                reranker,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                spec.parameters().string("cohere_model").orElse("rerank-multilingual-v3.0"),
                spec.parameters().decimal("score_threshold").orElse(0.0),
                (int) spec.parameters().integer("num_doc_reranked", 5));
    }

    /** A reranker instance. */
    public record Instance(Reranker reranker, String name, String model, double threshold, int topN)
            implements RunnableComponent {
        public List<SourceChunk> rerank(String query, List<SourceChunk> chunks, RunContext ctx) {
            if (chunks.isEmpty()) {
                return chunks;
            }
            try (SpanHandle span = ctx.span(name, SpanKind.RERANKER)) {
                try {
                    List<Reranker.Ranked> ranked = reranker.rerank(
                            model,
                            query,
                            chunks.stream().map(SourceChunk::content).toList(),
                            topN);
                    List<SourceChunk> kept = new ArrayList<>();
                    for (Reranker.Ranked r : ranked) {
                        if (r.relevance() >= threshold && r.index() >= 0 && r.index() < chunks.size()) {
                            kept.add(chunks.get(r.index()).withMetadata("reranked_score", r.relevance()));
                        }
                    }
                    span.set("reranker.model_name", model).set("reranker.top_k", topN);
                    span.end();
                    return kept;
                } catch (RuntimeException e) {
                    span.fail(e);
                    throw e;
                }
            }
        }

        @Override
        public SpanKind spanKind() {
            return SpanKind.RERANKER;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            throw DomainException.validation("'" + name + "' is a part of a RAG; it cannot run as a graph step");
        }
    }
}
