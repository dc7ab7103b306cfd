package io.draftnrun.adapter.out.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Plain prepared statements for the few queries every run or request makes (API key, user access, project, bound
 * graph, run insert and finish). jOOQ builds and renders a query's SQL on every execution, which a profile of the run path showed to be
 * about half the cost of each such query; these statements are written once as SQL text and run on a pooled
 * connection of the same data source. Values are always bound, never concatenated.
 */
final class HotSql {
    private HotSql() {}

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
    static <T> T query(DSLContext dsl, String sql, Rows<T> reader, Object... values) {
        return outages(
                dsl,
                () -> dsl.connectionResult(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        bind(statement, values);
                        try (ResultSet rows = statement.executeQuery()) {
                            return reader.read(rows);
                        }
                    } catch (SQLException e) {
                        throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
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
    static <T> Optional<T> first(DSLContext dsl, String sql, Row<T> mapper, Object... values) {
        return query(dsl, sql, rows -> rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty(), values);
    }

    /** Runs an insert, update or delete; returns the number of rows it changed. */
    static int update(DSLContext dsl, String sql, Object... values) {
        return outages(
                dsl,
                () -> dsl.connectionResult(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        bind(statement, values);
                        return statement.executeUpdate();
                    } catch (SQLException e) {
                        throw new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
                    }
                }));
    }

    private static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }
}
