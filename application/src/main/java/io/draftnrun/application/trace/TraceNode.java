package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.Rollup;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TokenCounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One span of a trace tree with the fields the monitoring view shows for its kind (spec 6.2): AGENT/CHAIN/TOOL →
 * input and output values; LLM → input and output messages (or output value) and the model; RETRIEVER → input value
 * and documents; EMBEDDING → model prefixed {@code embedding:}; TOOL → name, description and parameters.
 */
public record TraceNode(
        Span span,
        Rollup cumulative,
        List<Object> input,
        List<Object> output,
        List<Object> documents,
        Optional<String> modelName,
        Optional<Map<String, Object>> toolInfo,
        Optional<TokenCounts> ownTokens,
        List<TraceNode> children) {

    public TraceNode {
        input = List.copyOf(input);
        output = List.copyOf(output);
        documents = List.copyOf(documents);
        children = List.copyOf(children);
    }

    static TraceNode of(StoredSpan stored, List<TraceNode> children) {
        Span s = stored.span();
        Map<String, Object> a = s.attributes();
        List<Object> input = new ArrayList<>();
        List<Object> output = new ArrayList<>();
        List<Object> documents = new ArrayList<>();
        Optional<String> model = Optional.empty();
        switch (s.kind()) {
            case LLM -> {
                addAll(input, a.get(SpanAttributes.LLM_INPUT_MESSAGES));
                if (input.isEmpty()) {
                    addOne(input, a.get(SpanAttributes.INPUT_VALUE));
                }
                addAll(output, a.get(SpanAttributes.LLM_OUTPUT_MESSAGES));
                if (output.isEmpty()) {
                    addOne(output, a.get(SpanAttributes.OUTPUT_VALUE));
                }
                model = s.stringAttribute(SpanAttributes.LLM_MODEL_NAME);
            }
            case RETRIEVER, RERANKER -> {
                addOne(input, a.get(SpanAttributes.INPUT_VALUE));
                addAll(documents, a.get(SpanAttributes.RETRIEVAL_DOCUMENTS));
                if (documents.isEmpty()) {
                    addAll(documents, a.get(SpanAttributes.RERANKER_OUTPUT_DOCUMENTS));
                }
                if (documents.isEmpty()) {
                    s.events().forEach(e -> documents.add(e.attributes()));
                }
                addOne(output, a.get(SpanAttributes.OUTPUT_VALUE));
                model = s.stringAttribute(SpanAttributes.RERANKER_MODEL_NAME);
            }
            case EMBEDDING -> {
                addOne(input, a.get(SpanAttributes.INPUT_VALUE));
                addAll(input, a.get(SpanAttributes.EMBEDDING_EMBEDDINGS));
                model = s.stringAttribute(SpanAttributes.EMBEDDING_MODEL_NAME)
                        .or(() -> s.stringAttribute(SpanAttributes.LLM_MODEL_NAME))
                        .map(m -> "embedding:" + m);
            }
            default -> {
                addOne(input, a.get(SpanAttributes.INPUT_VALUE));
                addOne(output, a.get(SpanAttributes.OUTPUT_VALUE));
            }
        }
        Optional<Map<String, Object>> tool = Optional.empty();
        if (a.containsKey(SpanAttributes.TOOL_NAME)) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", a.get(SpanAttributes.TOOL_NAME));
            info.put("description", a.getOrDefault(SpanAttributes.TOOL_DESCRIPTION, ""));
            info.put("parameters", a.getOrDefault(SpanAttributes.TOOL_PARAMETERS, "{}"));
            tool = Optional.of(info);
        }
        boolean hasTokens = a.containsKey(SpanAttributes.LLM_TOKEN_COUNT_PROMPT)
                || a.containsKey(SpanAttributes.LLM_TOKEN_COUNT_COMPLETION);
        return new TraceNode(
                s,
                stored.cumulative(),
                input,
                output,
                documents,
                model,
                tool,
                hasTokens ? Optional.of(s.ownTokens()) : Optional.empty(),
                children);
    }

    public SpanKind kind() {
        return span.kind();
    }

    private static void addOne(List<Object> target, Object value) {
        if (value != null) {
            target.add(value);
        }
    }

    private static void addAll(List<Object> target, Object value) {
        if (value instanceof List<?> list) {
            target.addAll(list);
        } else if (value != null) {
            target.add(value);
        }
    }
}
