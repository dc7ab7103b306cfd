package io.draftnrun.domain.llm;

/** Tokens consumed by one model call (or a sum of calls). */
public record TokenUsage(long promptTokens, long completionTokens) {
    public static final TokenUsage ZERO = new TokenUsage(0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
