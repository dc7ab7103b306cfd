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
                    "loggerfile",
                    // the guards set these themselves (ADR 0008): a URL may not override them
                    "options",
                    "preferquerymode",
                    "readonly",
                    "readonlymode",
                    "maxresultbuffer",
                    "adaptivefetch",
                    "defaultrowfetchsize",
                    "escapesyntaxcallmode",
                    "replication",
                    "applicationname")),
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
                    "sessionvariables",
                    "localsocket",
                    "localsocketaddress",
                    "pipe",
                    "allowmultiqueries",
                    "tlssockettype",
                    "draftnrunendpointguard")),
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

    private static String decoded(String key) {
        try {
            return java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8)
                    .strip()
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return key.strip().toLowerCase(Locale.ROOT);
        }
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
            String key = decoded(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
            if (bannedParameters.contains(key)) {
                return Optional.of(key);
            }
        }
        if (this == POSTGRESQL) {
            // and as the driver itself reads the URL (it decodes names: socket%46actory is socketFactory)
            java.util.Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, new java.util.Properties());
            if (parsed == null) {
                return Optional.of("(unreadable URL)");
            }
            for (String key : parsed.stringPropertyNames()) {
                if (bannedParameters.contains(key.toLowerCase(Locale.ROOT))) {
                    return Optional.of(key.toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }
}
