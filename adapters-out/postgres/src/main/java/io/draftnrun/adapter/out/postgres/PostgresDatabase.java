package io.draftnrun.adapter.out.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.port.HealthProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;
import org.jooq.SQLDialect;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the three databases: its pool, its jOOQ context, its Flyway migrations ({@code classpath:db/<name>}) and its
 * health probe.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

    private final String name;
    private final PostgresUrl url;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final DatabaseOutage outage;

    /**
     * @param name {@code backend}, {@code ingestion} or {@code traces}: the migration folder and the pool name
     * @param maxPoolSize connections at most
     */
    public PostgresDatabase(String name, PostgresUrl url, int maxPoolSize) {
        this.name = name;
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setPoolName("pg-" + name);
        config.setJdbcUrl(url.jdbcUrl());
        if (!url.user().isEmpty()) {
            config.setUsername(url.user());
        }
        if (!url.password().isEmpty()) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(-1); // start even if the database is briefly down; /health tells
        config.addDataSourceProperty("ApplicationName", "draftnrun-" + name);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        this.dataSource = new HikariDataSource(config);
        this.outage = new DatabaseOutage(name);
        this.dsl = DSL.using(new DefaultConfiguration()
                .set(outage.guard(dataSource))
                .set(SQLDialect.POSTGRES)
                .set(writes, outage)
                .set((TransactionListener) writes));
    }

    /**
     * Tells {@code observer} the tables (in lower case) that a statement run through {@link #dsl()} has written, once
     * the write is committed: at once for a statement on its own, at the commit of a transaction otherwise (maybe more
     * than once). Statements run outside jOOQ (the run rows' hot path) are not seen.
     */
    public void onCommittedWrites(Consumer<Set<String>> observer) {
        writes.observers.add(observer);
    }

    private final CommittedWrites writes = new CommittedWrites();

    /** Collects the tables written per thread, handed to the observers when committed. */
    private static final class CommittedWrites implements ExecuteListener, TransactionListener {
        private static final Pattern TABLE = Pattern.compile(
                "^\\s*(?:insert\\s+into|update|delete\\s+from|merge\\s+into|truncate(?:\\s+table)?)\\s+"
                        + "(?:\"?\\w+\"?\\.)?\"?(\\w+)\"?",
                Pattern.CASE_INSENSITIVE);
        final List<Consumer<Set<String>>> observers = new CopyOnWriteArrayList<>();
        private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
        /** Tables written in the thread's transaction; null until one is (most transactions are not observed). */
        private final ThreadLocal<Set<String>> pending = new ThreadLocal<>();

        @Override
        public void executeEnd(ExecuteContext ctx) {
            if (observers.isEmpty() || ctx.sql() == null || ctx.type() == ExecuteType.READ) {
                return;
            }
            Matcher m = TABLE.matcher(ctx.sql());
            if (!m.find()) {
                return;
            }
            String table = m.group(1).toLowerCase(Locale.ROOT);
            if (depth.get() > 0) {
                Set<String> tables = pending.get();
                if (tables == null) {
                    tables = new HashSet<>();
                    pending.set(tables);
                }
                tables.add(table);
            } else {
                tell(Set.of(table));
            }
        }

        @Override
        public void beginEnd(TransactionContext ctx) {
            if (!observers.isEmpty()) { // the traces and ingestion databases: nothing to do per transaction
                depth.set(depth.get() + 1);
            }
        }

        @Override
        public void commitEnd(TransactionContext ctx) {
            end(true);
        }

        @Override
        public void rollbackEnd(TransactionContext ctx) {
            end(false);
        }

        private void end(boolean committed) {
            if (observers.isEmpty()) {
                return;
            }
            int d = depth.get() - 1;
            depth.set(Math.max(0, d));
            if (d <= 0) {
                Set<String> tables = pending.get();
                pending.remove();
                if (committed && tables != null) {
                    tell(tables);
                }
            }
        }

        private void tell(Set<String> tables) {
            for (Consumer<Set<String>> o : observers) {
                try {
                    o.accept(tables);
                } catch (RuntimeException e) {
                    LOG.warn("an observer of committed writes failed", e);
                }
            }
        }
    }

    public String name() {
        return name;
    }

    public PostgresUrl url() {
        return url;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Applies pending migrations of this database; returns how many were applied. */
    public int migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + name)
                .baselineOnMigrate(false)
                .load()
                .migrate();
        LOG.info(
                "database {} at schema version {} ({} migration(s) applied)",
                name,
                result.targetSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }

    /** A health probe named {@code <name>Database}. */
    public HealthProbe healthProbe() {
        return new HealthProbe() {
            @Override
            public String name() {
                return name + "Database";
            }

            @Override
            public HealthStatus check() {
                try (Connection c = dataSource.getConnection()) {
                    return c.isValid(2) ? HealthStatus.ok() : HealthStatus.down("connection is not valid");
                } catch (SQLException e) {
                    return HealthStatus.down("unreachable at " + url.location());
                }
            }
        };
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
