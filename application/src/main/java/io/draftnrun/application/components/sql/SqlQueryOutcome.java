package io.draftnrun.application.components.sql;

import java.util.Objects;

/**
 * What running a query gave: rows, a refusal before the database was reached (the statement is not a single
 * plain read), or a failure (connection, syntax, timeout...). Messages are safe to show to the model and the user:
 * no stack trace, no password. The SQL tools turn a refusal or failure into tool output; the run goes on.
 */
public sealed interface SqlQueryOutcome {
    /** Text for the model: the markdown table, or the reason the query gave no rows. */
    String toToolText();

    record Rows(SqlQueryResult result) implements SqlQueryOutcome {
        public Rows {
            Objects.requireNonNull(result, "result");
        }

        @Override
        public String toToolText() {
            return result.toMarkdown();
        }
    }

    record Refused(String reason) implements SqlQueryOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toToolText() {
            return "Query refused: " + reason;
        }
    }

    record Failed(String message) implements SqlQueryOutcome {
        public Failed {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toToolText() {
            return "Query failed: " + message;
        }
    }
}
