package io.draftnrun.domain.trace;

import java.util.Optional;

/**
 * The change of a measure against the previous period of the same length, in percent rounded to one decimal. Not
 * available (empty) when the previous period had no runs, or when its value was zero and so no ratio exists.
 */
public final class PeriodChange {
    private PeriodChange() {}

    public static Optional<Double> percent(double current, double previous, boolean previousPeriodEmpty) {
        if (previousPeriodEmpty || previous == 0) {
            return Optional.empty();
        }
        double change = (current - previous) / previous * 100.0;
        return Optional.of(Math.round(change * 10.0) / 10.0);
    }

    /** {@code +12.5%}, {@code -3.0%}, {@code 0.0%} or {@code N/A}. */
    public static String format(Optional<Double> change) {
        return change.map(c -> (c > 0 ? "+" : "") + String.format(java.util.Locale.ROOT, "%.1f%%", c))
                .orElse("N/A");
    }
}
