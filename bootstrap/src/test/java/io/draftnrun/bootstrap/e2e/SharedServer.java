package io.draftnrun.bootstrap.e2e;

import io.draftnrun.adapter.in.http.RequestAuthenticator;
import io.draftnrun.bootstrap.Commands;
import io.draftnrun.bootstrap.EmbeddedInfrastructure;
import io.draftnrun.bootstrap.Mode;
import io.draftnrun.bootstrap.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One application in {@code dev} mode (embedded PostgreSQL and Redis in a temporary data directory) shared by every
 * end-to-end test of the JVM, started on first use and stopped when the JVM exits. Tests that need their own
 * configuration call {@link #startDedicated(Map)} and close what they get.
 */
public final class SharedServer {
    private static Commands.Running shared;
    private static GraphQlClient client;

    private SharedServer() {}

    /** The shared server's client (anonymous; use {@link GraphQlClient#withToken} to sign in). */
    public static synchronized GraphQlClient client() {
        if (shared == null) {
            shared = startDedicated(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
            client = new GraphQlClient(shared.server().baseUrl());
        }
        return client;
    }

    /** The shared server itself (started on first use), for tests that reach its wiring, e.g. the tracer. */
    public static synchronized Commands.Running running() {
        client();
        return shared;
    }

    /** A server of its own with extra settings (and a fresh data directory unless DATA_DIR is given). */
    public static Commands.Running startDedicated(Map<String, String> extra) {
        return startDedicated(extra, Optional.empty());
    }

    /** A server of its own whose requests are authenticated by {@code authenticator} (e.g. fixed test tokens). */
    public static Commands.Running startDedicated(
            Map<String, String> extra, Optional<RequestAuthenticator> authenticator) {
        try {
            Map<String, String> values = new HashMap<>();
            values.put("DATA_DIR", Files.createTempDirectory("draftnrun-e2e").toString());
            values.put("PORT", "0");
            values.put("ADMIN_USERNAME", "admin@example.com");
            values.put("ADMIN_PASSWORD", "admin-password-for-tests");
            values.put("BCRYPT_COST", "4");
            values.put("SUPABASE_JWT_SECRET", Users.SUPABASE_SECRET);
            values.putAll(extra);
            return Commands.start(new Settings(values, Map.of()), Mode.DEV, authenticator);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The settings of a {@code serve}-mode instance on shared embedded infrastructure (several instances, or an API
     * server and workers, on the same databases and Redis), with its own data directory; add to them, then start.
     */
    public static Map<String, String> serveSettings(
            EmbeddedInfrastructure infrastructure, Path dataDir, String backendSecret) {
        Map<String, String> settings = new HashMap<>();
        for (String db : EmbeddedInfrastructure.DATABASES) {
            String variable = switch (db) {
                case "backend" -> "ADA_DB_URL";
                case "ingestion" -> "INGESTION_DB_URL";
                default -> "TRACES_DB_URL";
            };
            settings.put(variable, infrastructure.databaseUrl(db));
        }
        settings.put("REDIS_HOST", "127.0.0.1");
        settings.put("REDIS_PORT", Integer.toString(infrastructure.redisPort()));
        settings.put("REDIS_PASSWORD", infrastructure.passwords().redis());
        settings.put("DATA_DIR", dataDir.toString());
        settings.put("BACKEND_SECRET_KEY", backendSecret);
        settings.put("FERNET_KEY", "bG9jYWwtZmVybmV0LWtleS1mb3ItdGhlLXRlc3RzLTE=");
        settings.put("SUPABASE_JWT_SECRET", Users.SUPABASE_SECRET);
        settings.put("AUTO_MIGRATE", "true");
        settings.put("ADMIN_USERNAME", Users.ADMIN_EMAIL);
        settings.put("ADMIN_PASSWORD", Users.ADMIN_PASSWORD);
        settings.put("PORT", "0");
        settings.put("BCRYPT_COST", "4");
        return settings;
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
