package io.draftnrun.adapter.out.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The database families this adapter drives, read from the JDBC URL, with the driver and the parameters it bans. */
enum Dialect {
    POSTGRESQL(
            "jdbc:postgresql:",
            "org.postgresql.Driver",
            List.of(
                    "socketfactory",
                    "socketfactoryarg",
                    "sslfactory",
                    "sslfactoryarg",
                    "sslhostnameverifier",
                    "sslpasswordcallback",
                    "authenticationpluginclassname",
                    "loggerfile")),
    MYSQL(
            "jdbc:mysql:",
            "org.mariadb.jdbc.Driver",
            List.of(
                    "allowlocalinfile",
                    "allowloadlocalinfile",
                    "allowloadlocalinfileinpath",
                    "allowurlinlocalinfile",
                    "autodeserialize",
                    "socketfactory",
                    "queryinterceptors",
                    "statementinterceptors",
                    "exceptioninterceptors",
                    "connectionlifecycleinterceptors",
                    "propertiestransform",
                    "initsql",
                    "sessionvariables")),
    MARIADB("jdbc:mariadb:", "org.mariadb.jdbc.Driver", MYSQL.bannedParameters),
    SQLITE("jdbc:sqlite:", "org.sqlite.JDBC", List.of("open_mode", "mode"));

    final String prefix;
    final String driverClass;
    final List<String> bannedParameters;

    Dialect(String prefix, String driverClass, List<String> bannedParameters) {
        this.prefix = prefix;
        this.driverClass = driverClass;
        this.bannedParameters = bannedParameters;
    }

    static Optional<Dialect> of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        for (Dialect dialect : values()) {
            if (url.startsWith(dialect.prefix)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    /** A URL parameter this adapter does not accept (it could load classes, read local files or run SQL). */
    Optional<String> bannedParameterIn(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        int query = Math.max(url.indexOf('?'), this == SQLITE ? -1 : url.indexOf(';'));
        if (query < 0) {
            return Optional.empty();
        }
        for (String pair : url.substring(query + 1).split("[&;]")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (bannedParameters.contains(key.strip())) {
                return Optional.of(key.strip());
            }
        }
        return Optional.empty();
    }
}
