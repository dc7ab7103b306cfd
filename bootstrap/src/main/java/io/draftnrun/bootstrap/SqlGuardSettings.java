package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.jdbc.JdbcExternalSqlGateway;
import io.draftnrun.application.shared.AddressPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings of the SQL guard (ADR 0008), shared by the SQL components and DATABASE sources:
 * {@code SQL_ALLOWED_HOSTS} (private hosts a SQL DB Service may reach, same syntax as {@code API_CALL_ALLOWED_HOSTS}),
 * {@code SQL_MAX_CELL_BYTES} (1 MiB) and {@code SQL_MAX_RESULT_BYTES} (10 MiB); the server's own databases (the three
 * configured or embedded URLs) and {@code DATA_DIR} are always out of reach.
 */
final class SqlGuardSettings {
    private SqlGuardSettings() {}

    /**
     * @param base the pool settings of the caller
     * @param platformDatabaseUrls JDBC URLs of the backend, ingestion and traces databases
     */
    static JdbcExternalSqlGateway.Options options(
            Settings settings, JdbcExternalSqlGateway.Options base, List<String> platformDatabaseUrls) {
        long cell = settings.integer(
                "SQL_MAX_CELL_BYTES",
                (int) JdbcExternalSqlGateway.Options.DEFAULT_MAX_CELL_BYTES,
                1024,
                256 * 1024 * 1024);
        long result = settings.integer(
                "SQL_MAX_RESULT_BYTES",
                (int) JdbcExternalSqlGateway.Options.DEFAULT_MAX_RESULT_BYTES,
                1024,
                1024 * 1024 * 1024);
        if (result < cell) {
            throw new ConfigException("SQL_MAX_RESULT_BYTES must be at least SQL_MAX_CELL_BYTES");
        }
        Path data = Path.of(settings.string("DATA_DIR", "data")).toAbsolutePath();
        return base.withAllowedHosts(AddressPolicy.parseList(
                        settings.get("SQL_ALLOWED_HOSTS").orElse(null)))
                .withPlatform(platformDatabaseUrls, List.of(data))
                .withBudgets(cell, result);
    }

    /** The JDBC URLs of the server's own databases. */
    static List<String> platformDatabases(Infrastructure infrastructure) {
        return List.of(
                infrastructure.backend.url().jdbcUrl(),
                infrastructure.ingestion.url().jdbcUrl(),
                infrastructure.traces.url().jdbcUrl());
    }
}
