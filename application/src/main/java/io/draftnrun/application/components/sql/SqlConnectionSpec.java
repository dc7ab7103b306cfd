package io.draftnrun.application.components.sql;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a customer's database: a JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:mysql:},
 * {@code jdbc:mariadb:} or {@code jdbc:sqlite:}) and optional credentials. {@link #toString()} never shows the
 * password, nor a password written into the URL.
 */
public record SqlConnectionSpec(String jdbcUrl, Optional<String> user, Optional<String> password) {
    public SqlConnectionSpec {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        jdbcUrl = jdbcUrl.strip();
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a database URL must start with jdbc:");
        }
    }

    public static SqlConnectionSpec of(String jdbcUrl) {
        return new SqlConnectionSpec(jdbcUrl, Optional.empty(), Optional.empty());
    }

    public static SqlConnectionSpec of(String jdbcUrl, String user, String password) {
        return new SqlConnectionSpec(jdbcUrl, Optional.ofNullable(user), Optional.ofNullable(password));
    }

    /**
     * Reads a SQLAlchemy URL as the reference's {@code engine_url} parameter holds it
     * ({@code postgresql+psycopg2://user:pass@host:5432/db}, {@code mysql+pymysql://...}, {@code sqlite:///path}) into
     * a JDBC specification with the credentials taken out of the URL. A URL that already starts with {@code jdbc:}
     * is kept as is.
     */
    public static SqlConnectionSpec fromEngineUrl(String url) {
        Objects.requireNonNull(url, "url");
        String value = url.strip();
        if (value.startsWith("jdbc:")) {
            return of(value);
        }
        int schemeEnd = value.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not a database URL (expected scheme://...)");
        }
        String scheme = value.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        String dialect = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        String rest = value.substring(schemeEnd + 3);
        if (dialect.equals("sqlite")) {
            // sqlite:///relative.db, sqlite:////absolute.db
            return of("jdbc:sqlite:" + (rest.startsWith("/") ? rest.substring(1) : rest));
        }
        String jdbcScheme = switch (dialect) {
            case "postgresql", "postgres" -> "postgresql";
            case "mysql" -> "mysql";
            case "mariadb" -> "mariadb";
            default -> throw new IllegalArgumentException("unsupported database dialect: " + dialect);
        };
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            user = Optional.of(decode(rawUser)).filter(s -> !s.isEmpty());
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        return new SqlConnectionSpec("jdbc:" + jdbcScheme + "://" + rest, user, password);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The URL with any {@code password=} parameter masked, safe for logs and messages. */
    public String redactedUrl() {
        return jdbcUrl.replaceAll("(?i)([?&;](?:password|pwd)=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "SqlConnectionSpec[" + redactedUrl() + ", user=" + user.orElse("") + ", password="
                + (password.isPresent() ? "***" : "") + "]";
    }
}
