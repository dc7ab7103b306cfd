package io.draftnrun.adapter.out.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A PostgreSQL location read from configuration. Accepts the reference's SQLAlchemy-style URLs
 * ({@code postgresql://user:pass@host:5432/db}, {@code postgresql+psycopg2://...}) and JDBC URLs
 * ({@code jdbc:postgresql://host:5432/db?user=...}). {@link #toString()} never shows the password.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {
    public PostgresUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * Parses {@code value}; the exception message names {@code setting} and never contains the value (it may hold a
     * password).
     */
    public static PostgresUrl parse(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty");
        }
        String v = value.trim();
        if (v.startsWith("jdbc:postgresql://")) {
            return new PostgresUrl(v, "", "");
        }
        int scheme = v.indexOf("://");
        if (scheme < 0 || !v.substring(0, scheme).matches("postgres(ql)?(\\+[a-z0-9]+)?")) {
            throw new IllegalArgumentException(
                    setting + " must look like postgresql://user:password@host:5432/database");
        }
        try {
            URI uri = new URI("postgresql" + v.substring(scheme));
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() <= 1) {
                throw new IllegalArgumentException(setting + " needs a host and a database name");
            }
            String user = "";
            String password = "";
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            }
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new PostgresUrl(
                    "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(setting + " is not a valid URL");
        }
    }

    /** Host, port and database, for display. */
    public String location() {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + location() + ", user=" + user + "]";
    }
}
