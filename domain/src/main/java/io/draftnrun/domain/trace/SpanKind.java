package io.draftnrun.domain.trace;

import java.util.Arrays;

/** The OpenInference span kind, stored and exported under {@code openinference.span.kind}. */
public enum SpanKind {
    AGENT,
    CHAIN,
    LLM,
    TOOL,
    RETRIEVER,
    RERANKER,
    EMBEDDING,
    UNKNOWN;

    /** The kind named {@code value} (case-insensitive); {@link #UNKNOWN} for anything else. */
    public static SpanKind parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        return Arrays.stream(values())
                .filter(k -> k.name().equalsIgnoreCase(value.trim()))
                .findFirst()
                .orElse(UNKNOWN);
    }
}
