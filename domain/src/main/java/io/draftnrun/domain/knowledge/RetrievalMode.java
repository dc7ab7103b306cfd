package io.draftnrun.domain.knowledge;

import java.util.Locale;

/**
 * How a retriever finds chunks: by meaning ({@code SEMANTIC}, nearest embedding vectors), by words ({@code KEYWORD},
 * BM25 over the chunk text), or both fused by reciprocal rank ({@code HYBRID}). The default was chosen by the
 * retrieval benchmark (docs/adr/0018).
 */
public enum RetrievalMode {
    SEMANTIC,
    KEYWORD,
    HYBRID;

    public static final RetrievalMode DEFAULT = HYBRID;

    /** The parameter value ({@code semantic}, {@code keyword}, {@code hybrid}, any case). */
    public static RetrievalMode parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "retrieval mode must be semantic, keyword or hybrid, got '" + value.strip() + "'");
        }
    }

    public String parameterValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
