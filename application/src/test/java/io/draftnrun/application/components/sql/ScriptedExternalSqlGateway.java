package io.draftnrun.application.components.sql;

import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Fake {@link ExternalSqlGateway} for the tests of the SQL components: returns a fixed description and replays
 * queued outcomes in order, recording every query it was asked to run.
 */
public final class ScriptedExternalSqlGateway implements ExternalSqlGateway {
    private final DatabaseDescription description;
    private final Deque<SqlQueryOutcome> outcomes = new ArrayDeque<>();
    private final List<String> queries = new ArrayList<>();

    public ScriptedExternalSqlGateway(DatabaseDescription description) {
        this.description = Objects.requireNonNull(description, "description");
    }

    public ScriptedExternalSqlGateway thenReturn(SqlQueryOutcome outcome) {
        outcomes.add(outcome);
        return this;
    }

    /** The SQL texts received, in order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public DatabaseDescription describe(
            SqlConnectionSpec database, Optional<String> schema, Set<String> includeTables) {
        if (includeTables.isEmpty()) {
            return description;
        }
        return new DatabaseDescription(
                description.dialect(),
                description.tables().stream()
                        .filter(t -> includeTables.stream().anyMatch(n -> n.equalsIgnoreCase(t.name())))
                        .toList());
    }

    @Override
    public SqlQueryOutcome query(SqlConnectionSpec database, String sql, SqlQueryLimits limits) {
        queries.add(sql);
        SqlQueryOutcome next = outcomes.poll();
        return next != null ? next : new SqlQueryOutcome.Failed("no scripted outcome left for: " + sql);
    }
}
