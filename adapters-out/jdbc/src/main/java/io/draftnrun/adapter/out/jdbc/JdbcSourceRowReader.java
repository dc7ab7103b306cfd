package io.draftnrun.adapter.out.jdbc;

import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.knowledge.SourceRow;
import io.draftnrun.application.knowledge.port.SourceRowReader;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SourceRowReader} over JDBC, on the connection pools and database-side guards of
 * {@link JdbcExternalSqlGateway} (refused URL parameters, read-only transaction rolled back, statement timeout). The
 * table and columns the source names are looked up in the database's catalog (exact name first, else ignoring case),
 * so a missing one gets a clear error, and the names the catalog returns are quoted into the SQL; the only value sent,
 * the last id of the previous page, is a bound parameter. Pages are {@code SELECT id, ... WHERE id > ? ORDER BY id
 * LIMIT ?}, each in its own short read-only transaction, fetched a few rows at a time. Text values are read as
 * streams and cut at {@value #MAX_CELL_CHARS} characters, so no more is held.
 */
public final class JdbcSourceRowReader implements SourceRowReader, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSourceRowReader.class);
    static final int MAX_CELL_CHARS = 100_000;
    private static final int FETCH_SIZE = 20;

    private final JdbcExternalSqlGateway connections;
    private final boolean ownsConnections;
    private final Duration statementTimeout;

    /** Shares the pools of {@code connections} (not closed by {@link #close()}). */
    public JdbcSourceRowReader(JdbcExternalSqlGateway connections, Duration statementTimeout) {
        this(connections, false, statementTimeout);
    }

    /** With its own pools, closed by {@link #close()}. */
    public JdbcSourceRowReader(JdbcExternalSqlGateway.Options options, Duration statementTimeout) {
        this(new JdbcExternalSqlGateway(options), true, statementTimeout);
    }

    private JdbcSourceRowReader(JdbcExternalSqlGateway connections, boolean owns, Duration statementTimeout) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.ownsConnections = owns;
        this.statementTimeout = Objects.requireNonNull(statementTimeout, "statementTimeout");
    }

    /** The table as the catalog names it, quoted, and each column the source reads, by the source's name. */
    private record Resolved(String qualifiedTable, String id, Map<String, String> columns) {}

    @Override
    public long count(String databaseUrl, DatabaseSourceSettings table) {
        return read(databaseUrl, table, (connection, dialect) -> {
            Resolved resolved = resolve(connection, dialect, table);
            try (PreparedStatement statement =
                    connection.prepareStatement("SELECT COUNT(*) FROM " + resolved.qualifiedTable())) {
                statement.setQueryTimeout(JdbcExternalSqlGateway.seconds(statementTimeout));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<SourceRow> page(String databaseUrl, DatabaseSourceSettings table, Optional<Object> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return read(databaseUrl, table, (connection, dialect) -> {
            Resolved resolved = resolve(connection, dialect, table);
            StringBuilder sql = new StringBuilder("SELECT ").append(resolved.id());
            resolved.columns().values().forEach(column -> sql.append(", ").append(column));
            sql.append(" FROM ")
                    .append(resolved.qualifiedTable())
                    .append(" WHERE ")
                    .append(resolved.id())
                    .append(after.isPresent() ? " > ?" : " IS NOT NULL")
                    .append(" ORDER BY ")
                    .append(resolved.id())
                    .append(" LIMIT ?");
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                statement.setQueryTimeout(JdbcExternalSqlGateway.seconds(statementTimeout));
                statement.setFetchSize(JdbcExternalSqlGateway.fetchSize(dialect, Math.min(limit, FETCH_SIZE)));
                int parameter = 1;
                if (after.isPresent()) {
                    statement.setObject(parameter++, after.get());
                }
                statement.setInt(parameter, limit);
                List<SourceRow> rows = new ArrayList<>(limit);
                BoundedResultReader cells = new BoundedResultReader(Long.MAX_VALUE, Long.MAX_VALUE, MAX_CELL_CHARS);
                try (ResultSet rs = statement.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> values = new LinkedHashMap<>();
                        int index = 2;
                        for (String name : resolved.columns().keySet()) {
                            values.put(name, cut(cells.cell(rs, meta, index++)));
                        }
                        rows.add(new SourceRow(rs.getObject(1), values));
                    }
                }
                return rows;
            }
        });
    }

    private <T> T read(String databaseUrl, DatabaseSourceSettings table, JdbcExternalSqlGateway.ReadOnlyWork<T> work) {
        SqlConnectionSpec database;
        try {
            database = SqlConnectionSpec.fromEngineUrl(databaseUrl);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("the organization secret " + table.urlSecretKey()
                    + " does not hold a usable database URL (" + e.getMessage() + ")");
        }
        try {
            return connections.withReadOnlyConnection(database, statementTimeout, work);
        } catch (DatabaseAccessFailure e) {
            LOG.info("reading table {} of {} failed: {}", table.table(), database.redactedUrl(), e.getMessage());
            String reason =
                    e.timeout() ? "the query took longer than " + statementTimeout.toSeconds() + " s" : e.getMessage();
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION, "reading the table " + table.table() + " failed: " + reason);
        }
    }

    private static Resolved resolve(Connection connection, Dialect dialect, DatabaseSourceSettings table)
            throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String quote = Objects.requireNonNullElse(meta.getIdentifierQuoteString(), "\"")
                .strip();
        String given = table.table();
        Optional<String> givenSchema =
                given.contains(".") ? Optional.of(given.substring(0, given.indexOf('.'))) : Optional.empty();
        String givenName = given.substring(given.indexOf('.') + 1);
        String catalog = null;
        String schemaPattern = null;
        switch (dialect) {
            case POSTGRESQL -> {
                catalog = connection.getCatalog();
                schemaPattern = givenSchema.orElseGet(() -> currentSchema(connection));
            }
            case MYSQL, MARIADB -> catalog = givenSchema.orElse(connection.getCatalog());
            case SQLITE -> {}
        }
        String foundSchema = null;
        String foundName = null;
        try (ResultSet rs = meta.getTables(catalog, schemaPattern, "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name.equals(givenName) || (foundName == null && name.equalsIgnoreCase(givenName))) {
                    foundName = name;
                    foundSchema = dialect == Dialect.POSTGRESQL ? rs.getString("TABLE_SCHEM") : null;
                }
            }
        }
        if (foundName == null) {
            throw new DatabaseAccessFailure("the table " + given + " does not exist (or cannot be read)", false);
        }
        Map<String, String> actual = new LinkedHashMap<>();
        try (ResultSet rs = meta.getColumns(catalog, foundSchema, foundName, "%")) {
            while (rs.next()) {
                if (foundName.equals(rs.getString("TABLE_NAME"))) {
                    actual.put(rs.getString("COLUMN_NAME"), rs.getString("COLUMN_NAME"));
                }
            }
        }
        Set<String> wanted = new LinkedHashSet<>(table.textColumns());
        wanted.addAll(table.metadataColumns());
        table.timestampColumn().ifPresent(wanted::add);
        Map<String, String> columns = new LinkedHashMap<>();
        for (String column : wanted) {
            columns.put(column, JdbcExternalSqlGateway.quoted(column(actual, column, given), quote));
        }
        String id = JdbcExternalSqlGateway.quoted(column(actual, table.idColumn(), given), quote);
        String qualified = (foundSchema == null ? "" : JdbcExternalSqlGateway.quoted(foundSchema, quote) + ".")
                + (dialect != Dialect.POSTGRESQL && givenSchema.isPresent() && dialect != Dialect.SQLITE
                        ? JdbcExternalSqlGateway.quoted(givenSchema.get(), quote) + "."
                        : "")
                + JdbcExternalSqlGateway.quoted(foundName, quote);
        return new Resolved(qualified, id, columns);
    }

    private static String column(Map<String, String> actual, String wanted, String table) {
        if (actual.containsKey(wanted)) {
            return wanted;
        }
        return actual.keySet().stream()
                .filter(name -> name.equalsIgnoreCase(wanted))
                .findFirst()
                .orElseThrow(() -> new DatabaseAccessFailure("the table " + table + " has no column " + wanted, false));
    }

    private static String currentSchema(Connection connection) {
        try {
            return Objects.requireNonNullElse(connection.getSchema(), "public");
        } catch (SQLException e) {
            return "public";
        }
    }

    /** The reader marks a cut value with an ellipsis; a stored value is just cut. */
    private static Object cut(Object value) {
        if (value instanceof String text && text.length() > MAX_CELL_CHARS) {
            return text.substring(0, MAX_CELL_CHARS);
        }
        return value;
    }

    @Override
    public void close() {
        if (ownsConnections) {
            connections.close();
        }
    }
}
