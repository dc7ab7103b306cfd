package io.draftnrun.adapter.out.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.port.HealthProbe;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
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
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
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
