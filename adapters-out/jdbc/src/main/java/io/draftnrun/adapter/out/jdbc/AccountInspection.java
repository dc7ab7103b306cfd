package io.draftnrun.adapter.out.jdbc;

import io.draftnrun.application.components.sql.SqlConnectionSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layer 3 of the SQL guard (ADR 0008): the account a SQL DB Service connects with is inspected on the first connection
 * of its pool, and refused when it could step outside a read: PostgreSQL superuser, replication, CREATEROLE (it can
 * grant itself the server-file roles) or member of {@code pg_read_server_files}, {@code pg_write_server_files},
 * {@code pg_execute_server_program}; MySQL/MariaDB any privilege beyond {@code SELECT}, {@code SHOW VIEW} and
 * {@code USAGE} (so no {@code SUPER}, {@code FILE} nor write privilege), any role or proxy grant, any grant option. The
 * refusal says why and gives the SQL that creates a read-only account (also in the README).
 */
final class AccountInspection {
    private static final Set<String> MYSQL_READ_PRIVILEGES = Set.of("SELECT", "SHOW VIEW", "USAGE");
    private static final Pattern GRANT = Pattern.compile("(?is)^GRANT\\s+(.+?)\\s+ON\\s+(.+?)\\s+TO\\s+.*$");

    private AccountInspection() {}

    static Optional<String> refusal(Connection connection, Dialect dialect, SqlConnectionSpec database)
            throws SQLException {
        return switch (dialect) {
            case POSTGRESQL -> postgres(connection);
            case MYSQL, MARIADB -> mysql(connection);
            case SQLITE -> Optional.empty(); // no accounts: the file is opened read-only
        };
    }

    private static Optional<String> postgres(Connection connection) throws SQLException {
        List<String> reasons = new ArrayList<>();
        String user;
        String databaseName;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, current_database(), r.rolsuper, r.rolreplication,"
                        + " r.rolcreaterole,"
                        + " pg_catalog.pg_has_role(current_user, 'pg_read_server_files', 'MEMBER'),"
                        + " pg_catalog.pg_has_role(current_user, 'pg_write_server_files', 'MEMBER'),"
                        + " pg_catalog.pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER')"
                        + " FROM pg_catalog.pg_roles r WHERE r.rolname = current_user")) {
            if (!rs.next()) {
                return Optional.of("the account of this database could not be inspected; use a read-only account");
            }
            user = rs.getString(1);
            databaseName = rs.getString(2);
            if (rs.getBoolean(3)) {
                reasons.add("is a superuser");
            }
            if (rs.getBoolean(4)) {
                reasons.add("has the REPLICATION attribute");
            }
            if (rs.getBoolean(5)) {
                reasons.add("has the CREATEROLE attribute");
            }
            if (rs.getBoolean(6)) {
                reasons.add("is a member of pg_read_server_files");
            }
            if (rs.getBoolean(7)) {
                reasons.add("is a member of pg_write_server_files");
            }
            if (rs.getBoolean(8)) {
                reasons.add("is a member of pg_execute_server_program");
            }
        } finally {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the database account " + user + " " + String.join(", ", reasons)
                + ": it could read or write the server's files or leave the read-only guard, so SQL DB Services"
                + " refuse it. Connect with a read-only account instead, for example: " + postgresAdvice(databaseName));
    }

    /** SQL that creates a read-only PostgreSQL role for a database. */
    static String postgresAdvice(String database) {
        String db = database == null ? "mydb" : "\"" + database.replace("\"", "\"\"") + "\"";
        return "CREATE ROLE draftnrun_reader LOGIN PASSWORD '<choose one>'; GRANT CONNECT ON DATABASE " + db
                + " TO draftnrun_reader; GRANT USAGE ON SCHEMA public TO draftnrun_reader; GRANT SELECT ON ALL"
                + " TABLES IN SCHEMA public TO draftnrun_reader; ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT"
                + " SELECT ON TABLES TO draftnrun_reader;";
    }

    private static Optional<String> mysql(Connection connection) throws SQLException {
        String user;
        String schema;
        List<String> grants = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER(), DATABASE()")) {
                rs.next();
                user = rs.getString(1);
                schema = rs.getString(2);
            }
            try (ResultSet rs = s.executeQuery("SHOW GRANTS")) {
                while (rs.next()) {
                    grants.add(rs.getString(1));
                }
            }
        }
        List<String> reasons = new ArrayList<>();
        for (String grant : grants) {
            Matcher m = GRANT.matcher(grant.strip());
            if (!m.matches()) {
                reasons.add("is granted a role (" + firstWords(grant) + ")");
                continue;
            }
            if (grant.toUpperCase(Locale.ROOT).contains("WITH GRANT OPTION")
                    || grant.toUpperCase(Locale.ROOT).contains("WITH ADMIN OPTION")) {
                reasons.add("may grant privileges to others");
            }
            String privileges = m.group(1).replaceAll("\\([^)]*\\)", "");
            for (String privilege : privileges.split(",")) {
                String p = privilege.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (!MYSQL_READ_PRIVILEGES.contains(p)) {
                    reasons.add("has the " + p + " privilege");
                }
            }
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the database account " + user + " "
                + String.join(", ", reasons.stream().distinct().toList())
                + ": it could read or write the server's files or change data, so SQL DB Services refuse it. Connect"
                + " with a read-only account instead, for example: " + mysqlAdvice(schema));
    }

    /** SQL that creates a read-only MySQL/MariaDB account for a schema. */
    static String mysqlAdvice(String schema) {
        String db = schema == null ? "mydb" : "`" + schema.replace("`", "``") + "`";
        return "CREATE USER 'draftnrun_reader'@'%' IDENTIFIED BY '<choose one>'; GRANT SELECT, SHOW VIEW ON " + db
                + ".* TO 'draftnrun_reader'@'%';";
    }

    private static String firstWords(String grant) {
        String g = grant.strip();
        return g.length() > 80 ? g.substring(0, 80) + "…" : g;
    }
}
