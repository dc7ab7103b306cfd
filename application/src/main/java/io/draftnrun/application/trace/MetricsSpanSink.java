package io.draftnrun.application.trace;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.port.SpanSink;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.TokenCounts;

/** Counts the tokens of every span that carries some, by provider, into {@link Metrics}. */
public final class MetricsSpanSink implements SpanSink {
    private final Metrics metrics;

    public MetricsSpanSink(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void accept(Span span) {
        TokenCounts tokens = span.ownTokens();
        if (tokens.total() > 0) {
            metrics.llmTokens(
                    span.stringAttribute(SpanAttributes.LLM_PROVIDER).orElse("unknown"),
                    tokens.prompt(),
                    tokens.completion());
        }
    }
}
