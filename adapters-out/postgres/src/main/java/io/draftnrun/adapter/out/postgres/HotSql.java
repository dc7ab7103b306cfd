package io.draftnrun.adapter.out.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.conf.ParamType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The few queries every run or request makes (API key, user access, project, bound graph, run insert and finish, the
 * heartbeat), built with jOOQ once, when their adapter is made, and executed as JDBC prepared statements. jOOQ builds
 * and renders a query's SQL on every execution, which a profile of the run path showed to be about half the cost of
 * each such query (ADR 0010); here it renders each query once, in the database's dialect, with its values as
 * {@code ?}, and the values are bound at each execution. Values are always bound, never concatenated.
 */
final class HotSql {
    private HotSql() {}

    /**
     * A query rendered once, whose parameters are named: {@code DSL.param(name, field)}. {@link #of} checks that they
     * come in the order the values will be given, so a value can never land on another column.
     */
    static final class Statement {
        private final String sql;
        private final List<String> parameters;

        private Statement(String sql, List<String> parameters) {
            this.sql = sql;
            this.parameters = parameters;
        }

        /**
         * Renders {@code query} (built on the adapter's {@link DSLContext}, so in its dialect).
         *
         * @param parameters the names of its parameters, in the order of the values given at execution
         */
        static Statement of(Query query, String... parameters) {
            List<String> rendered = query.getParams().entrySet().stream()
                    .filter(e -> !e.getValue().isInline()) // constants rendered in the text
                    .map(java.util.Map.Entry::getKey)
                    .toList();
            if (!rendered.equals(List.of(parameters))) {
                throw new IllegalStateException("the query's parameters are " + rendered + ", not "
                        + List.of(parameters) + ": " + query.getSQL(ParamType.INDEXED));
            }
            return new Statement(query.getSQL(ParamType.INDEXED), rendered);
        }

        /** The SQL text sent to the database. */
        String sql() {
            return sql;
        }

        private void bind(PreparedStatement statement, Object... values) throws SQLException {
            if (values.length != parameters.size()) {
                throw new IllegalArgumentException(
                        parameters.size() + " values expected (" + parameters + "), got " + values.length);
            }
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
        }
    }

    /** A named parameter of {@code field}'s type, for {@link Statement#of}. */
    static <T> org.jooq.Param<T> param(String name, org.jooq.Field<T> field) {
        return DSL.param(Objects.requireNonNull(name, "name"), field);
    }

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** All the rows of a query, read by {@code reader}. */
    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** The result of a query, as {@code reader} makes it of its rows. */
    static <T> T query(DSLContext dsl, Statement query, Rows<T> reader, Object... values) {
        return outages(
                dsl,
                () -> dsl.connectionResult(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(query.sql)) {
                        query.bind(statement, values);
                        try (ResultSet rows = statement.executeQuery()) {
                            return reader.read(rows);
                        }
                    } catch (SQLException e) {
                        throw new DataAccessException("SQL [" + query.sql + "]; " + e.getMessage(), e);
                    }
                }));
    }

    /** A lost database is an outage (UNAVAILABLE), as for the statements jOOQ runs ({@link DatabaseOutage}). */
    private static <T> T outages(DSLContext dsl, java.util.function.Supplier<T> statement) {
        try {
            return statement.get();
        } catch (RuntimeException e) {
            if (DatabaseOutage.isOutage(e) && !(e instanceof io.draftnrun.domain.shared.DomainException)) {
                throw new io.draftnrun.domain.shared.DomainException(
                        io.draftnrun.domain.shared.ErrorCode.UNAVAILABLE, "the database is unavailable", e);
            }
            throw e;
        }
    }

    /** The first row of a query, mapped; empty when there is none. */
    static <T> Optional<T> first(DSLContext dsl, Statement query, Row<T> mapper, Object... values) {
        return query(dsl, query, rows -> rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty(), values);
    }

    /** Runs an insert, update or delete; returns the number of rows it changed. */
    static int update(DSLContext dsl, Statement query, Object... values) {
        return outages(
                dsl,
                () -> dsl.connectionResult(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(query.sql)) {
                        query.bind(statement, values);
                        return statement.executeUpdate();
                    } catch (SQLException e) {
                        throw new DataAccessException("SQL [" + query.sql + "]; " + e.getMessage(), e);
                    }
                }));
    }
}
