package io.draftnrun.domain.trace;

/** Prompt (input) and completion (output) token counts. */
public record TokenCounts(long prompt, long completion) {
    public static final TokenCounts ZERO = new TokenCounts(0, 0);

    public TokenCounts {
        if (prompt < 0 || completion < 0) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    public long total() {
        return prompt + completion;
    }

    public TokenCounts plus(TokenCounts other) {
        return new TokenCounts(prompt + other.prompt, completion + other.completion);
    }
}
