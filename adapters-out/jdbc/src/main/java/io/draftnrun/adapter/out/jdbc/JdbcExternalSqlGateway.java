package io.draftnrun.adapter.out.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.draftnrun.adapter.out.jdbc.ReadOnlyStatementGuard.Verdict;
import io.draftnrun.application.components.sql.DatabaseDescription;
import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.components.sql.SqlDatabaseUnavailable;
import io.draftnrun.application.components.sql.SqlQueryLimits;
import io.draftnrun.application.components.sql.SqlQueryOutcome;
import io.draftnrun.application.components.sql.SqlQueryResult;
import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
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
 * {@link ExternalSqlGateway} over JDBC: the one path by which the SQL components (Run SQL Query Tool, SQL Tool, Database
 * Query Agent, schema description) and DATABASE sources ({@link JdbcSourceRowReader}) reach a customer's database.
 * Guards, in layers that each hold alone (ADR 0008):
 *
 * <ol>
 *   <li>{@link ReadOnlyStatementGuard}: an allow-list over the statement, read the way the database reads it; the
 *       canonical text it returns is what runs.
 *   <li>The database enforces read-only by itself: session and transaction read-only, a server-side statement timeout
 *       set before the statement and out of its reach, every transaction rolled back; PostgreSQL also refuses a text
 *       the driver would send as several statements; SQLite is opened read-only with extensions and ATTACH disabled.
 *   <li>No privileged account: on the first connection of a pool the account is inspected (PostgreSQL superuser,
 *       replication, CREATEROLE, server-file and server-program roles; MySQL/MariaDB anything beyond SELECT and SHOW
 *       VIEW) and refused with the SQL to create a read-only one.
 *   <li>{@link EndpointGuard}: never the server's own databases or files, no private hosts unless allowed, checked on
 *       the address actually connected to.
 *   <li>{@link BoundedResultReader}: a byte budget per cell and per result, applied while reading.
 * </ol>
 *
 * One small HikariCP pool per database (URL and credentials), closed after {@link Options#poolIdleTimeout()} unused.
 */
public final class JdbcExternalSqlGateway implements ExternalSqlGateway, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcExternalSqlGateway.class);
    private static final int SHOWN_CELL_CHARS = 10_000;
    private static final int MAX_MESSAGE_CHARS = 1_000;
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(30);
    /** Rows fetched per round trip: rows stream instead of arriving all at once. */
    static final int FETCH_SIZE = 50;

    /**
     * @param poolIdleTimeout a database's pool is closed when unused this long (default 10 minutes)
     * @param maxConnectionsPerDatabase pool size per database (default 4)
     * @param connectTimeout how long to wait for a connection (default 10 seconds)
     * @param dialects the database families accepted (default all: PostgreSQL, MySQL, MariaDB, SQLite)
     * @param allowedHosts hosts, {@code *.domain}, IPs or CIDRs reachable although private ({@code SQL_ALLOWED_HOSTS})
     * @param platformDatabaseUrls JDBC URLs of the server's own databases, never reachable
     * @param platformDirectories the server's own directories ({@code DATA_DIR}): no SQLite file inside is opened
     * @param maxCellBytes largest value read (default 1 MiB, {@code SQL_MAX_CELL_BYTES})
     * @param maxResultBytes largest result read (default 10 MiB, {@code SQL_MAX_RESULT_BYTES})
     */
    public record Options(
            Duration poolIdleTimeout,
            int maxConnectionsPerDatabase,
            Duration connectTimeout,
            Set<String> dialects,
            List<String> allowedHosts,
            List<String> platformDatabaseUrls,
            List<Path> platformDirectories,
            long maxCellBytes,
            long maxResultBytes) {
        public static final long DEFAULT_MAX_CELL_BYTES = 1024L * 1024;
        public static final long DEFAULT_MAX_RESULT_BYTES = 10L * 1024 * 1024;

        public Options {
            Objects.requireNonNull(poolIdleTimeout, "poolIdleTimeout");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (maxConnectionsPerDatabase < 1) {
                throw new IllegalArgumentException("maxConnectionsPerDatabase must be at least 1");
            }
            if (maxCellBytes < 1024 || maxResultBytes < maxCellBytes) {
                throw new IllegalArgumentException(
                        "maxCellBytes must be at least 1024 and maxResultBytes at least maxCellBytes");
            }
            dialects = dialects.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            allowedHosts = List.copyOf(allowedHosts);
            platformDatabaseUrls = List.copyOf(platformDatabaseUrls);
            platformDirectories = List.copyOf(platformDirectories);
        }

        public static Options defaults() {
            return new Options(
                    Duration.ofMinutes(10),
                    4,
                    Duration.ofSeconds(10),
                    Set.of("postgresql", "mysql", "mariadb", "sqlite"),
                    List.of(),
                    List.of(),
                    List.of(),
                    DEFAULT_MAX_CELL_BYTES,
                    DEFAULT_MAX_RESULT_BYTES);
        }

        public Options withPoolIdleTimeout(Duration value) {
            return new Options(
                    value,
                    maxConnectionsPerDatabase,
                    connectTimeout,
                    dialects,
                    allowedHosts,
                    platformDatabaseUrls,
                    platformDirectories,
                    maxCellBytes,
                    maxResultBytes);
        }

        public Options withPool(Duration idleTimeout, int connections) {
            return new Options(
                    idleTimeout,
                    connections,
                    connectTimeout,
                    dialects,
                    allowedHosts,
                    platformDatabaseUrls,
                    platformDirectories,
                    maxCellBytes,
                    maxResultBytes);
        }

        /** Opens private hosts ({@code SQL_ALLOWED_HOSTS} entries). */
        public Options withAllowedHosts(List<String> hosts) {
            return new Options(
                    poolIdleTimeout,
                    maxConnectionsPerDatabase,
                    connectTimeout,
                    dialects,
                    hosts,
                    platformDatabaseUrls,
                    platformDirectories,
                    maxCellBytes,
                    maxResultBytes);
        }

        /** The server's own databases (JDBC URLs) and directories, never reachable. */
        public Options withPlatform(List<String> databaseUrls, List<Path> directories) {
            return new Options(
                    poolIdleTimeout,
                    maxConnectionsPerDatabase,
                    connectTimeout,
                    dialects,
                    allowedHosts,
                    databaseUrls,
                    directories,
                    maxCellBytes,
                    maxResultBytes);
        }

        /** The byte budgets of one value and one result. */
        public Options withBudgets(long cellBytes, long resultBytes) {
            return new Options(
                    poolIdleTimeout,
                    maxConnectionsPerDatabase,
                    connectTimeout,
                    dialects,
                    allowedHosts,
                    platformDatabaseUrls,
                    platformDirectories,
                    cellBytes,
                    resultBytes);
        }
    }

    private final Options options;
    private final boolean inspectAccounts;
    private final Set<Dialect> dialects = EnumSet.noneOf(Dialect.class);
    private final Map<SqlConnectionSpec, Pool> pools = new ConcurrentHashMap<>();
    private final ExecutorService parserExecutor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sql-guard-", 0).factory());
    private final ScheduledExecutorService sweeper;
    private final ReadOnlyStatementGuard guard = new ReadOnlyStatementGuard(parserExecutor);
    private final EndpointGuard endpoints;
    private final AtomicInteger poolCounter = new AtomicInteger();

    private record Pool(HikariDataSource dataSource, Dialect dialect, boolean mysqlServer, long lastUsedNanos) {
        Pool touched() {
            return new Pool(dataSource, dialect, mysqlServer, System.nanoTime());
        }
    }

    public JdbcExternalSqlGateway() {
        this(Options.defaults());
    }

    public JdbcExternalSqlGateway(Options options) {
        this(options, true);
    }

    /**
     * @param inspectAccounts false only in tests that prove the other layers alone, connected as a superuser; never
     *     reachable from configuration
     */
    JdbcExternalSqlGateway(Options options, boolean inspectAccounts) {
        this.options = Objects.requireNonNull(options, "options");
        this.inspectAccounts = inspectAccounts;
        for (Dialect dialect : Dialect.values()) {
            if (options.dialects().contains(dialect.name().toLowerCase(Locale.ROOT))) {
                dialects.add(dialect);
            }
        }
        this.endpoints = new EndpointGuard(
                options.allowedHosts(), options.platformDatabaseUrls(), options.platformDirectories());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sql-pool-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(60_000, options.poolIdleTimeout().toMillis() / 2));
        sweeper.scheduleWithFixedDelay(this::closeIdlePools, period, period, TimeUnit.MILLISECONDS);
    }

    Options options() {
        return options;
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
        try (Connection connection = connection(pool)) {
            try {
                beginReadOnly(connection, pool, DESCRIBE_TIMEOUT);
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
            throw new SqlDatabaseUnavailable("could not describe the database: " + describeFailure(e, database));
        } catch (BoundedResultReader.TooLarge e) {
            throw new SqlDatabaseUnavailable("could not describe the database: " + e.getMessage());
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
            statement.setEscapeProcessing(false);
            statement.setMaxRows(1);
            statement.setQueryTimeout(seconds(DESCRIBE_TIMEOUT));
            ScheduledFuture<?> watchdog = sweeper.schedule(
                    () -> cancel(statement, new AtomicBoolean()), DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = statement.executeQuery("SELECT * FROM " + qualified + " LIMIT 1")) {
                SqlQueryResult rows = reader().read(rs, 1);
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
        Optional<Dialect> dialect = Dialect.of(database.jdbcUrl()).filter(dialects::contains);
        if (dialect.isEmpty()) {
            return new SqlQueryOutcome.Refused(unsupported(database));
        }
        Verdict verdict = guard.check(dialect.get(), sql);
        if (verdict instanceof Verdict.Refused refused) {
            LOG.info("refused a SQL query for {}: {}", database.redactedUrl(), refused.reason());
            return new SqlQueryOutcome.Refused(refused.reason());
        }
        return execute(database, ((Verdict.Accepted) verdict).sql(), limits);
    }

    /** Runs {@code sql} with layers 2 to 5 only; the statement guard has already accepted it (or a test skips it). */
    SqlQueryOutcome execute(SqlConnectionSpec database, String sql, SqlQueryLimits limits) {
        Pool pool;
        try {
            pool = pool(database);
        } catch (Refusal refusal) {
            return new SqlQueryOutcome.Refused(refusal.getMessage());
        } catch (Unreachable e) {
            return new SqlQueryOutcome.Failed(safeMessage(e.sqlException(), database));
        }
        if (pool.dialect() == Dialect.POSTGRESQL) {
            Optional<String> several = severalStatements(sql);
            if (several.isPresent()) {
                return new SqlQueryOutcome.Refused(several.get());
            }
        }
        long started = System.nanoTime();
        AtomicBoolean cancelled = new AtomicBoolean();
        try (Connection connection = connection(pool)) {
            try {
                beginReadOnly(connection, pool, limits.statementTimeout());
                try (Statement statement = connection.createStatement()) {
                    statement.setEscapeProcessing(false);
                    statement.setQueryTimeout(seconds(limits.statementTimeout()));
                    statement.setMaxRows(limits.maxRows() + 1);
                    statement.setFetchSize(fetchSize(pool.dialect(), limits.maxRows() + 1));
                    // the drivers' own timeouts do not stop everything (SQLite's misses a runaway recursive CTE):
                    // cancel the statement ourselves at the deadline, a little later where the server has its own
                    long grace = pool.dialect() == Dialect.SQLITE ? 0 : 1_000;
                    ScheduledFuture<?> watchdog = sweeper.schedule(
                            () -> cancel(statement, cancelled),
                            limits.statementTimeout().toMillis() + grace,
                            TimeUnit.MILLISECONDS);
                    try (ResultSet rs = statement.executeQuery(sql)) {
                        return new SqlQueryOutcome.Rows(reader().read(rs, limits.maxRows()));
                    } finally {
                        watchdog.cancel(false);
                    }
                }
            } finally {
                endReadOnly(connection, pool.dialect());
            }
        } catch (BoundedResultReader.TooLarge e) {
            return new SqlQueryOutcome.Failed(e.getMessage());
        } catch (SQLException e) {
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (cancelled.get()
                    || (isTimeout(e) && elapsedMs >= limits.statementTimeout().toMillis() / 2)) {
                return new SqlQueryOutcome.Failed("the query was stopped after the time limit of "
                        + limits.statementTimeout().toMillis() + " ms; simplify it or select fewer rows");
            }
            Optional<String> refused = EndpointGuard.refusalIn(e);
            if (refused.isPresent()) {
                return new SqlQueryOutcome.Refused(refused.get());
            }
            if (isResultBufferExceeded(e)) {
                return new SqlQueryOutcome.Failed(reader().tooLargeMessage());
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

    /**
     * Rows per round trip: a few at a time on PostgreSQL (a cursor, as autocommit is off); one at a time on MySQL and
     * MariaDB, whose server caps a row at {@code max_allowed_packet}, so the driver never holds more than one row.
     */
    static int fetchSize(Dialect dialect, int wanted) {
        return dialect == Dialect.MYSQL || dialect == Dialect.MARIADB ? 1 : Math.min(wanted, FETCH_SIZE);
    }

    private BoundedResultReader reader() {
        return new BoundedResultReader(options.maxCellBytes(), options.maxResultBytes(), SHOWN_CELL_CHARS);
    }

    /** The reader of a DATABASE source: values cut at {@code shownChars}, the same byte budgets. */
    BoundedResultReader reader(int shownChars) {
        return new BoundedResultReader(options.maxCellBytes(), options.maxResultBytes(), shownChars);
    }

    /**
     * Layer 2 for PostgreSQL: the driver sends a text holding several statements as several statements, and a later
     * one could end the read-only transaction (COMMIT) and change the session; the driver's own parser must see one.
     */
    private static Optional<String> severalStatements(String sql) {
        try {
            List<org.postgresql.core.NativeQuery> queries =
                    org.postgresql.core.Parser.parseJdbcSql(sql, true, false, true, false, false);
            long nonEmpty = queries.stream().filter(q -> !q.nativeSql.isBlank()).count();
            return nonEmpty == 1 ? Optional.empty() : Optional.of("only one statement is allowed");
        } catch (SQLException e) {
            return Optional.of("the query could not be read: " + e.getMessage());
        }
    }

    /** Work done on a connection inside a read-only transaction. */
    @FunctionalInterface
    interface ReadOnlyWork<T> {
        T run(Connection connection, Dialect dialect) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection of {@code database} behind layers 2 to 4 (the URL and endpoint checks,
     * the account inspection, a read-only transaction always rolled back, a statement timeout; each statement of
     * {@code work} must also set its own query timeout). Failures become a {@link DatabaseAccessFailure} whose message
     * holds no password nor URL secret.
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
        try (Connection connection = connection(pool)) {
            try {
                beginReadOnly(connection, pool, timeout);
                return work.run(connection, pool.dialect());
            } finally {
                endReadOnly(connection, pool.dialect());
            }
        } catch (BoundedResultReader.TooLarge e) {
            throw new DatabaseAccessFailure(e.getMessage(), false);
        } catch (SQLException e) {
            Optional<String> refused = EndpointGuard.refusalIn(e);
            if (refused.isPresent()) {
                throw new DatabaseAccessFailure(refused.get(), false);
            }
            if (isResultBufferExceeded(e)) {
                throw new DatabaseAccessFailure(reader().tooLargeMessage(), false);
            }
            throw new DatabaseAccessFailure(safeMessage(e, database), isTimeout(e));
        }
    }

    private static Connection connection(Pool pool) throws SQLException {
        return pool.dataSource().getConnection();
    }

    private String describeFailure(SQLException e, SqlConnectionSpec database) {
        return EndpointGuard.refusalIn(e)
                .orElseGet(() -> isResultBufferExceeded(e) ? reader().tooLargeMessage() : safeMessage(e, database));
    }

    private static boolean isResultBufferExceeded(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("maxResultBuffer")) {
                return true;
            }
        }
        return false;
    }

    private static void cancel(Statement statement, AtomicBoolean cancelled) {
        cancelled.set(true);
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cancelling a statement failed: {}", e.toString());
        }
    }

    /**
     * Layer 2, before each use: a read-only transaction with server-side time limits set before the statement (and,
     * on PostgreSQL, a first snapshot taken, after which the transaction can no longer be made read-write).
     */
    private void beginReadOnly(Connection connection, Pool pool, Duration timeout) throws SQLException {
        long ms = Math.max(1, timeout.toMillis());
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            switch (pool.dialect()) {
                case POSTGRESQL -> {
                    connection.setAutoCommit(false);
                    statement.execute("SET TRANSACTION READ ONLY; SELECT set_config('statement_timeout', '" + ms
                            + "', true), set_config('lock_timeout', '" + ms
                            + "', true), set_config('idle_in_transaction_session_timeout', '" + (ms + 60_000)
                            + "', true)");
                }
                case MYSQL, MARIADB -> {
                    connection.setAutoCommit(true);
                    String mode;
                    try (ResultSet rs = statement.executeQuery("SELECT @@SESSION.sql_mode")) {
                        rs.next();
                        mode = plainSqlMode(rs.getString(1));
                    }
                    String limit = pool.mysqlServer()
                            ? "SESSION max_execution_time = " + ms
                            : "SESSION max_statement_time = " + String.format(Locale.ROOT, "%.3f", ms / 1000.0);
                    statement.execute("SET SESSION sql_mode = '" + mode + "', " + limit);
                    statement.execute("START TRANSACTION READ ONLY");
                }
                case SQLITE -> {
                    connection.setAutoCommit(false);
                    statement.execute("PRAGMA query_only = 1");
                    statement.execute("PRAGMA trusted_schema = 0");
                }
            }
        }
    }

    /** The session's SQL mode without the modes that change how quotes and backslashes are read. */
    static String plainSqlMode(String mode) {
        Set<String> dropped =
                Set.of("ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "ANSI", "DB2", "MAXDB", "MSSQL", "ORACLE", "POSTGRESQL");
        StringBuilder out = new StringBuilder();
        for (String part : (mode == null ? "" : mode).split(",")) {
            String p = part.strip().toUpperCase(Locale.ROOT);
            if (!p.isEmpty() && p.matches("[A-Z_]+") && !dropped.contains(p)) {
                out.append(out.isEmpty() ? "" : ",").append(p);
            }
        }
        return out.toString();
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

    private String unsupported(SqlConnectionSpec database) {
        return "unsupported database URL " + database.redactedUrl() + " (accepted: "
                + options.dialects().stream().sorted().toList() + ")";
    }

    private Pool pool(SqlConnectionSpec database) {
        Dialect dialect = Dialect.of(database.jdbcUrl())
                .filter(dialects::contains)
                .orElseThrow(() -> new Refusal(unsupported(database)));
        dialect.bannedParameterIn(database.jdbcUrl()).ifPresent(p -> {
            throw new Refusal("the database URL parameter " + p + " is not allowed");
        });
        if (dialect == Dialect.SQLITE) {
            endpoints.sqliteRefusal(database.jdbcUrl()).ifPresent(reason -> {
                throw new Refusal(reason);
            });
        }
        try {
            return pools.compute(
                    database, (key, existing) -> existing == null ? open(key, dialect) : existing.touched());
        } catch (HikariPool.PoolInitializationException e) {
            Optional<String> refused = EndpointGuard.refusalIn(e);
            if (refused.isPresent()) {
                throw new Refusal(refused.get());
            }
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
        // session settings below are committed at once; each use then opens its own read-only transaction
        config.setAutoCommit(true);
        switch (dialect) {
            case POSTGRESQL -> {
                config.setReadOnly(true);
                config.addDataSourceProperty("ApplicationName", "draftnrun-sql-tool");
                config.addDataSourceProperty("readOnlyMode", "always");
                config.addDataSourceProperty("socketFactory", EndpointGuard.GuardedSocketFactory.class.getName());
                config.addDataSourceProperty("socketFactoryArg", endpoints.id());
                // the driver refuses a result past this many bytes before it allocates it (layer 5)
                config.addDataSourceProperty("maxResultBuffer", String.valueOf(options.maxResultBytes() + 65_536));
                config.addDataSourceProperty("preferQueryMode", "extended");
                config.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;"
                        + " SET default_transaction_read_only = on; SET standard_conforming_strings = on;"
                        // built-ins resolve first: pg_catalog is searched first when the path does not name it
                        + " SELECT set_config('search_path', btrim(regexp_replace(current_setting('search_path'),"
                        + " '(^|,)\\s*\"?pg_catalog\"?\\s*(?=,|$)', '', 'g'), ', '), false)");
            }
            case MYSQL, MARIADB -> {
                config.addDataSourceProperty("allowLocalInfile", "false");
                config.addDataSourceProperty("allowMultiQueries", "false");
                config.addDataSourceProperty(
                        "socketFactory", EndpointGuard.MariaDbGuardedSocketFactory.class.getName());
                config.addDataSourceProperty(EndpointGuard.PROPERTY, endpoints.id());
                config.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
            }
            case SQLITE -> {
                config.setReadOnly(true);
                config.addDataSourceProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: never create nor write the file
                config.addDataSourceProperty("enable_load_extension", "false");
                config.addDataSourceProperty("limit_attached", "0");
                config.addDataSourceProperty(
                        "limit_length", String.valueOf(Math.min(Integer.MAX_VALUE, options.maxCellBytes())));
                config.setConnectionInitSql("PRAGMA query_only = 1");
            }
        }
        LOG.info("opening a connection pool for {}", database.redactedUrl());
        HikariDataSource dataSource = new HikariDataSource(config);
        boolean mysqlServer = false;
        try (Connection connection = dataSource.getConnection()) {
            mysqlServer = "mysql".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
            if (inspectAccounts) {
                Optional<String> refusal = AccountInspection.refusal(connection, dialect, database);
                if (refusal.isPresent()) {
                    dataSource.close();
                    LOG.info("refused the account of {}: privileged", database.redactedUrl());
                    throw new Refusal(refusal.get());
                }
            }
        } catch (SQLException e) {
            dataSource.close();
            throw new Unreachable(e);
        }
        return new Pool(dataSource, dialect, mysqlServer, System.nanoTime());
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
        endpoints.close();
    }

    private static boolean isTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException s && ("57014".equals(s.getSQLState()) || "70100".equals(s.getSQLState()))) {
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

    /** The first connection to a database failed; carries the driver's exception. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        SQLException sqlException() {
            return (SQLException) getCause();
        }
    }

    /** A database this adapter will not open (unsupported URL, banned parameter, refused endpoint or account). */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
