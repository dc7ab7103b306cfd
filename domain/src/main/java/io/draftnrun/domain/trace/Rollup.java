package io.draftnrun.domain.trace;

/** A span's cumulative values: its own tokens and errors plus those of all its descendants (spec 1.3). */
public record Rollup(TokenCounts tokens, long errorCount) {
    public static final Rollup ZERO = new Rollup(TokenCounts.ZERO, 0);

    public Rollup plus(Rollup other) {
        return new Rollup(tokens.plus(other.tokens), errorCount + other.errorCount);
    }

    /** The own contribution of one span. */
    public static Rollup own(Span span) {
        return new Rollup(span.ownTokens(), span.status().isError() ? 1 : 0);
    }
}
