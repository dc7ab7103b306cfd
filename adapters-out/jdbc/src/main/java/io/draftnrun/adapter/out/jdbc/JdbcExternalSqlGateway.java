package io.draftnrun.adapter.out.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.draftnrun.application.components.sql.DatabaseDescription;
import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.components.sql.SqlDatabaseUnavailable;
import io.draftnrun.application.components.sql.SqlQueryLimits;
import io.draftnrun.application.components.sql.SqlQueryOutcome;
import io.draftnrun.application.components.sql.SqlQueryResult;
import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ExternalSqlGateway} over JDBC. Guards, in layers: {@link ReadOnlyStatementGuard} refuses anything but one
 * plain read before the database is reached; each query then runs in a read-only transaction (PostgreSQL
 * {@code SET TRANSACTION READ ONLY} on a read-only connection, MySQL/MariaDB {@code START TRANSACTION READ ONLY},
 * SQLite opened read-only with {@code query_only}) that is always rolled back, under a statement timeout (JDBC
 * query timeout, plus {@code SET LOCAL statement_timeout} on PostgreSQL) and a row cap. One small HikariCP pool per
 * database (URL and credentials), closed after {@link Options#poolIdleTimeout()} without use.
 */
public final class JdbcExternalSqlGateway implements ExternalSqlGateway, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcExternalSqlGateway.class);
    private static final int MAX_CELL_CHARS = 10_000;
    private static final int MAX_MESSAGE_CHARS = 1_000;
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param poolIdleTimeout a database's pool is closed when unused this long (default 10 minutes)
     * @param maxConnectionsPerDatabase pool size per database (default 4)
     * @param connectTimeout how long to wait for a connection (default 10 seconds)
     * @param dialects the database families accepted (default all: PostgreSQL, MySQL, MariaDB, SQLite)
     */
    public record Options(
            Duration poolIdleTimeout, int maxConnectionsPerDatabase, Duration connectTimeout, Set<String> dialects) {
        public Options {
            Objects.requireNonNull(poolIdleTimeout, "poolIdleTimeout");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (maxConnectionsPerDatabase < 1) {
                throw new IllegalArgumentException("maxConnectionsPerDatabase must be at least 1");
            }
            dialects = dialects.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        public static Options defaults() {
            return new Options(
                    Duration.ofMinutes(10),
                    4,
                    Duration.ofSeconds(10),
                    Set.of("postgresql", "mysql", "mariadb", "sqlite"));
        }

        public Options withPoolIdleTimeout(Duration value) {
            return new Options(value, maxConnectionsPerDatabase, connectTimeout, dialects);
        }
    }

    private final Options options;
    private final Set<Dialect> dialects = EnumSet.noneOf(Dialect.class);
    private final Map<SqlConnectionSpec, Pool> pools = new ConcurrentHashMap<>();
    private final ExecutorService parserExecutor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sql-guard-", 0).factory());
    private final ScheduledExecutorService sweeper;
    private final ReadOnlyStatementGuard guard = new ReadOnlyStatementGuard(parserExecutor);
    private final AtomicInteger poolCounter = new AtomicInteger();

    private record Pool(HikariDataSource dataSource, Dialect dialect, long lastUsedNanos) {
        Pool touched() {
            return new Pool(dataSource, dialect, System.nanoTime());
        }
    }

    public JdbcExternalSqlGateway() {
        this(Options.defaults());
    }

    public JdbcExternalSqlGateway(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        for (Dialect dialect : Dialect.values()) {
            if (options.dialects().contains(dialect.name().toLowerCase(Locale.ROOT))) {
                dialects.add(dialect);
            }
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sql-pool-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(60_000, options.poolIdleTimeout().toMillis() / 2));
        sweeper.scheduleWithFixedDelay(this::closeIdlePools, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public DatabaseDescription describe(
            SqlConnectionSpec database, Optional<String> schema, Set<String> includeTables) {
        Objects.requireNonNull(schema, "schema");
        Set<String> wanted =
                includeTables.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        Pool pool;
        try {
            pool = pool(database);
        } catch (Refusal refusal) {
            throw new SqlDatabaseUnavailable(refusal.getMessage());
        } catch (Unreachable e) {
            throw new SqlDatabaseUnavailable(
                    "could not describe the database: " + safeMessage(e.sqlException(), database));
        }
        try (Connection connection = pool.dataSource().getConnection()) {
            try {
                beginReadOnly(connection, pool.dialect(), DESCRIBE_TIMEOUT);
                DatabaseMetaData meta = connection.getMetaData();
                String dialectName = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
                String catalog = pool.dialect() == Dialect.SQLITE ? null : connection.getCatalog();
                String schemaName = schema.orElseGet(() -> currentSchema(connection, pool.dialect()));
                List<String> tableNames = new ArrayList<>();
                try (ResultSet rs = meta.getTables(catalog, schemaName, "%", new String[] {"TABLE", "VIEW"})) {
                    while (rs.next()) {
                        String name = rs.getString("TABLE_NAME");
                        if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                            continue;
                        }
                        if (wanted.isEmpty() || wanted.contains(name.toLowerCase(Locale.ROOT))) {
                            tableNames.add(name);
                        }
                    }
                }
                tableNames.sort(Comparator.naturalOrder());
                List<DatabaseDescription.Table> tables = new ArrayList<>();
                for (String table : tableNames) {
                    tables.add(describeTable(connection, meta, pool.dialect(), catalog, schemaName, table));
                }
                return new DatabaseDescription(dialectName, tables);
            } finally {
                endReadOnly(connection, pool.dialect());
            }
        } catch (SQLException e) {
            throw new SqlDatabaseUnavailable("could not describe the database: " + safeMessage(e, database));
        }
    }

    private DatabaseDescription.Table describeTable(
            Connection connection, DatabaseMetaData meta, Dialect dialect, String catalog, String schema, String table)
            throws SQLException {
        List<DatabaseDescription.Column> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
            while (rs.next()) {
                columns.add(new DatabaseDescription.Column(
                        rs.getString("COLUMN_NAME"),
                        Objects.requireNonNullElse(rs.getString("TYPE_NAME"), "unknown"),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
            }
        }
        List<DatabaseDescription.ForeignKey> foreignKeys = new ArrayList<>();
        try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
            while (rs.next()) {
                foreignKeys.add(new DatabaseDescription.ForeignKey(
                        rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME")));
            }
        }
        Optional<SqlQueryResult> sample = Optional.empty();
        String quote = Objects.requireNonNullElse(meta.getIdentifierQuoteString(), "\"")
                .strip();
        String qualified =
                (schema == null || dialect == Dialect.SQLITE ? "" : quoted(schema, quote) + ".") + quoted(table, quote);
        try (Statement statement = connection.createStatement()) {
            statement.setMaxRows(1);
            statement.setQueryTimeout(seconds(DESCRIBE_TIMEOUT));
            ScheduledFuture<?> watchdog = sweeper.schedule(
                    () -> cancel(statement, new AtomicBoolean()), DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = statement.executeQuery("SELECT * FROM " + qualified + " LIMIT 1")) {
                SqlQueryResult rows = read(rs, 1);
                if (!rows.rows().isEmpty()) {
                    sample = Optional.of(SqlQueryResult.complete(rows.columns(), rows.rows()));
                }
            } finally {
                watchdog.cancel(false);
            }
        } catch (SQLException e) {
            LOG.debug("no sample row for table {}: {}", table, e.getSQLState());
            if (dialect == Dialect.POSTGRESQL) {
                throw e; // the transaction is aborted; the caller reports the failure
            }
        }
        return new DatabaseDescription.Table(table, columns, foreignKeys, sample);
    }

    @Override
    public SqlQueryOutcome query(SqlConnectionSpec database, String sql, SqlQueryLimits limits) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(limits, "limits");
        Optional<String> refusal = guard.refusal(sql);
        if (refusal.isPresent()) {
            LOG.info("refused a SQL query for {}: {}", database.redactedUrl(), refusal.get());
            return new SqlQueryOutcome.Refused(refusal.get());
        }
        return execute(database, sql, limits);
    }

    /** Runs {@code sql} with the database-side guards only; the statement guard has already accepted it. */
    SqlQueryOutcome execute(SqlConnectionSpec database, String sql, SqlQueryLimits limits) {
        Pool pool;
        try {
            pool = pool(database);
        } catch (Refusal refusal) {
            return new SqlQueryOutcome.Refused(refusal.getMessage());
        } catch (Unreachable e) {
            return new SqlQueryOutcome.Failed(safeMessage(e.sqlException(), database));
        }
        long started = System.nanoTime();
        AtomicBoolean cancelled = new AtomicBoolean();
        try (Connection connection = pool.dataSource().getConnection()) {
            try {
                beginReadOnly(connection, pool.dialect(), limits.statementTimeout());
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(seconds(limits.statementTimeout()));
                    statement.setMaxRows(limits.maxRows() + 1);
                    statement.setFetchSize(Math.min(limits.maxRows() + 1, 500));
                    // the drivers' own timeouts do not stop everything (SQLite's misses a runaway recursive CTE):
                    // cancel the statement ourselves at the deadline, a little later where the server has its own
                    long grace = pool.dialect() == Dialect.SQLITE ? 0 : 1_000;
                    ScheduledFuture<?> watchdog = sweeper.schedule(
                            () -> cancel(statement, cancelled),
                            limits.statementTimeout().toMillis() + grace,
                            TimeUnit.MILLISECONDS);
                    try (ResultSet rs = statement.executeQuery(stripTrailingSemicolon(sql))) {
                        return new SqlQueryOutcome.Rows(read(rs, limits.maxRows()));
                    } finally {
                        watchdog.cancel(false);
                    }
                }
            } finally {
                endReadOnly(connection, pool.dialect());
            }
        } catch (SQLException e) {
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (cancelled.get()
                    || (isTimeout(e) && elapsedMs >= limits.statementTimeout().toMillis() / 2)) {
                return new SqlQueryOutcome.Failed("the query was stopped after the time limit of "
                        + limits.statementTimeout().toMillis() + " ms; simplify it or select fewer rows");
            }
            return new SqlQueryOutcome.Failed(safeMessage(e, database));
        } catch (RuntimeException e) {
            LOG.warn(
                    "SQL query failed unexpectedly for {}: {}",
                    database.redactedUrl(),
                    e.getClass().getName());
            return new SqlQueryOutcome.Failed(
                    "the query failed: " + e.getClass().getSimpleName());
        }
    }

    /** Work done on a connection inside a read-only transaction. */
    @FunctionalInterface
    interface ReadOnlyWork<T> {
        T run(Connection connection, Dialect dialect) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection of {@code database} with the database-side guards of
     * {@link #query}: the URL checks, a read-only transaction always rolled back, and a statement timeout (each
     * statement of {@code work} must also set its own query timeout). Failures become a {@link DatabaseAccessFailure}
     * whose message holds no password nor URL secret.
     */
    <T> T withReadOnlyConnection(SqlConnectionSpec database, Duration timeout, ReadOnlyWork<T> work) {
        Pool pool;
        try {
            pool = pool(database);
        } catch (Refusal refusal) {
            throw new DatabaseAccessFailure(refusal.getMessage(), false);
        } catch (Unreachable e) {
            throw new DatabaseAccessFailure(
                    "could not connect to the database: " + safeMessage(e.sqlException(), database), false);
        }
        try (Connection connection = pool.dataSource().getConnection()) {
            try {
                beginReadOnly(connection, pool.dialect(), timeout);
                return work.run(connection, pool.dialect());
            } finally {
                endReadOnly(connection, pool.dialect());
            }
        } catch (SQLException e) {
            throw new DatabaseAccessFailure(safeMessage(e, database), isTimeout(e));
        }
    }

    private static void cancel(Statement statement, AtomicBoolean cancelled) {
        cancelled.set(true);
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cancelling a statement failed: {}", e.toString());
        }
    }

    private static void beginReadOnly(Connection connection, Dialect dialect, Duration timeout) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            switch (dialect) {
                case POSTGRESQL -> {
                    connection.setAutoCommit(false);
                    statement.execute("SET TRANSACTION READ ONLY");
                    statement.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
                }
                case MYSQL, MARIADB -> {
                    connection.setAutoCommit(true);
                    if ("mysql".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName())) {
                        // server-side cap for SELECTs on MySQL (MariaDB servers get max_statement_time from the driver)
                        statement.execute("SET SESSION max_execution_time = " + Math.max(1, timeout.toMillis()));
                    }
                    statement.execute("START TRANSACTION READ ONLY");
                }
                case SQLITE -> connection.setAutoCommit(false);
            }
        }
    }

    private static void endReadOnly(Connection connection, Dialect dialect) {
        try {
            if (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK");
                }
            } else if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.getSQLState());
        }
    }

    private static String currentSchema(Connection connection, Dialect dialect) {
        if (dialect != Dialect.POSTGRESQL) {
            return null;
        }
        try {
            return connection.getSchema();
        } catch (SQLException e) {
            return "public";
        }
    }

    private static SqlQueryResult read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                row.add(cell(rs.getObject(i)));
            }
            rows.add(row);
        }
        Optional<String> note = truncated
                ? Optional.of("The result has more than " + maxRows + " rows; only the first " + maxRows
                        + " are shown. Add a LIMIT, filter or aggregate to see the rest.")
                : Optional.empty();
        return new SqlQueryResult(columns, rows, truncated, note);
    }

    private static Object cell(Object value) throws SQLException {
        return switch (value) {
            case null -> null;
            case Boolean b -> b;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Long l -> l;
            case Float f -> f.doubleValue();
            case Number n -> n;
            case byte[] bytes -> "<" + bytes.length + " bytes>";
            case java.sql.Array array -> text(array.toString());
            case java.sql.Clob clob -> text(clob.getSubString(1, (int) Math.min(clob.length(), MAX_CELL_CHARS + 1)));
            default -> text(value.toString());
        };
    }

    private static String text(String value) {
        return value.length() > MAX_CELL_CHARS ? value.substring(0, MAX_CELL_CHARS) + "…" : value;
    }

    private Pool pool(SqlConnectionSpec database) {
        Dialect dialect = Dialect.of(database.jdbcUrl())
                .filter(dialects::contains)
                .orElseThrow(() -> new Refusal("unsupported database URL " + database.redactedUrl() + " (accepted: "
                        + options.dialects().stream().sorted().toList() + ")"));
        dialect.bannedParameterIn(database.jdbcUrl()).ifPresent(p -> {
            throw new Refusal("the database URL parameter " + p + " is not allowed");
        });
        try {
            return pools.compute(
                    database, (key, existing) -> existing == null ? open(key, dialect) : existing.touched());
        } catch (HikariPool.PoolInitializationException e) {
            // the first connection failed: report the driver's reason now rather than after the connect timeout
            throw new Unreachable(
                    e.getCause() instanceof SQLException cause ? cause : new SQLException(e.getMessage()));
        }
    }

    private Pool open(SqlConnectionSpec database, Dialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("customer-db-" + poolCounter.incrementAndGet());
        config.setDriverClassName(dialect.driverClass);
        String url = database.jdbcUrl();
        if (dialect == Dialect.MYSQL) {
            url = url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
        }
        config.setJdbcUrl(url);
        database.user().ifPresent(config::setUsername);
        database.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(options.maxConnectionsPerDatabase());
        config.setMinimumIdle(0);
        config.setIdleTimeout(Math.max(10_000, options.poolIdleTimeout().toMillis()));
        config.setConnectionTimeout(Math.max(250, options.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(1);
        config.setAutoCommit(dialect != Dialect.MYSQL && dialect != Dialect.MARIADB ? false : true);
        switch (dialect) {
            case POSTGRESQL -> {
                config.setReadOnly(true);
                config.addDataSourceProperty("ApplicationName", "draftnrun-sql-tool");
                config.addDataSourceProperty("readOnlyMode", "always");
            }
            case MYSQL, MARIADB -> config.addDataSourceProperty("allowLocalInfile", "false");
            case SQLITE -> {
                config.setReadOnly(true);
                config.addDataSourceProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: never create nor write the file
                config.setConnectionInitSql("PRAGMA query_only = 1");
            }
        }
        LOG.info("opening a connection pool for {}", database.redactedUrl());
        return new Pool(new HikariDataSource(config), dialect, System.nanoTime());
    }

    void closeIdlePools() {
        long idleNanos = options.poolIdleTimeout().toNanos();
        for (SqlConnectionSpec key : List.copyOf(pools.keySet())) {
            pools.computeIfPresent(key, (k, pool) -> {
                boolean idle = System.nanoTime() - pool.lastUsedNanos() >= idleNanos;
                var bean = pool.dataSource().getHikariPoolMXBean();
                boolean busy = bean != null && bean.getActiveConnections() > 0;
                if (idle && !busy) {
                    LOG.info("closing the idle connection pool for {}", k.redactedUrl());
                    pool.dataSource().close();
                    return null;
                }
                return pool;
            });
        }
    }

    /** How many databases currently have an open pool. */
    public int openPools() {
        return pools.size();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        parserExecutor.shutdownNow();
        pools.values().forEach(pool -> pool.dataSource().close());
        pools.clear();
    }

    private static boolean isTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException s && "57014".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The driver's message, first lines only, without the password or the URL's secrets; never a stack trace. */
    static String safeMessage(SQLException e, SqlConnectionSpec database) {
        SQLException reason =
                e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException c ? c : e;
        String message = Objects.requireNonNullElse(
                reason.getMessage(), reason.getClass().getSimpleName());
        if (database.password().isPresent() && !database.password().get().isEmpty()) {
            message = message.replace(database.password().get(), "***");
        }
        message = message.replace(database.jdbcUrl(), database.redactedUrl());
        message = message.replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
        message = message.strip();
        return message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "…" : message;
    }

    static int seconds(Duration timeout) {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    static String quoted(String identifier, String quote) {
        if (quote.isEmpty()) {
            return identifier;
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private static String stripTrailingSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /** The first connection to a database failed; carries the driver's exception. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }

    /** A database this adapter will not open (unsupported URL or banned parameter). */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
