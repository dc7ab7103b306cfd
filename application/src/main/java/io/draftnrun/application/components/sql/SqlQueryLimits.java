package io.draftnrun.application.components.sql;

import java.time.Duration;
import java.util.Objects;

/** How long one query may run and how many rows it may return before the result is cut. */
public record SqlQueryLimits(Duration statementTimeout, int maxRows) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ROWS = 200;

    public SqlQueryLimits {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statement timeout must be positive");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("row cap must be at least 1");
        }
    }

    /** 10 seconds, 200 rows. */
    public static SqlQueryLimits defaults() {
        return new SqlQueryLimits(DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS);
    }
}
