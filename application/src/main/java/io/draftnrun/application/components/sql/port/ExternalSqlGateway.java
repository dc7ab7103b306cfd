package io.draftnrun.application.components.sql.port;

import io.draftnrun.application.components.sql.DatabaseDescription;
import io.draftnrun.application.components.sql.SqlConnectionSpec;
import io.draftnrun.application.components.sql.SqlQueryLimits;
import io.draftnrun.application.components.sql.SqlQueryOutcome;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a customer's database for the SQL components. Implementations never let a statement change the database:
 * anything but a single plain read is refused, and reads run in a read-only transaction with a timeout and a row cap.
 */
public interface ExternalSqlGateway {
    /**
     * Describes the tables of {@code schema} (the connection's default schema when empty), only those named in
     * {@code includeTables} when it is not empty (case-insensitive).
     *
     * @throws io.draftnrun.application.components.sql.SqlDatabaseUnavailable when the database cannot be read
     */
    DatabaseDescription describe(SqlConnectionSpec database, Optional<String> schema, Set<String> includeTables);

    /** Runs one read query; never throws for a refused or failing query (see {@link SqlQueryOutcome}). */
    SqlQueryOutcome query(SqlConnectionSpec database, String sql, SqlQueryLimits limits);
}
