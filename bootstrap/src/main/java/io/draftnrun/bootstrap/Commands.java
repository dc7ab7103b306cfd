package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.http.RequestAuthenticator;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The subcommands. Long-running ones return only when the process is asked to stop. */
public final class Commands {
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    private Commands() {}

    static int run(String command, String[] args) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Settings settings = Settings.load(workingDirectory);
        return switch (command) {
            case "dev" -> serveUntilStopped(settings, Mode.DEV);
            case "serve" -> serveUntilStopped(settings, Mode.SERVE);
            case "worker" -> serveUntilStopped(startWorker(settings));
            case "migrate" -> migrate(settings, false, List.of(args));
            case "seed" -> migrate(settings, true, List.of());
            case "help", "--help", "-h" -> help();
            default -> {
                System.err.println("draftnrun: unknown command '" + command + "'");
                help();
                yield 64;
            }
        };
    }

    private static int help() {
        System.out.println("""
                usage: draftnrun <command>
                  dev      everything in one process on embedded PostgreSQL and Redis (data under ./data)
                  serve    the API against the configured services (ADA_DB_URL, REDIS_HOST, ...)
                  worker   the ingestion worker
                  migrate  apply the database migrations (all three, or those named: backend ingestion traces)
                  seed     migrate, then write the component catalog and the demo organization""");
        return 0;
    }

    /** A running process: what to close, in reverse order of start. */
    public static final class Running implements AutoCloseable {
        private final Deque<AutoCloseable> resources = new ArrayDeque<>();
        private ApiServer server;
        private Infrastructure infrastructure;
        private volatile ShutdownDrain drain;
        private boolean closed;

        /** Adds what to close; when the process is already stopping, closes it at once and stops the start. */
        synchronized void add(AutoCloseable resource) {
            if (closed) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("stopping {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
                }
                throw new ConfigException("stopped while starting");
            }
            resources.push(resource);
        }

        public ApiServer server() {
            return server;
        }

        /** The connections of this process (for tests and diagnostics). */
        public Infrastructure infrastructure() {
            return infrastructure;
        }

        @Override
        public synchronized void close() {
            closed = true;
            while (!resources.isEmpty()) {
                AutoCloseable resource = resources.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("stopping {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
    }

    /** Starts the API in {@code mode}; used by the commands and by the end-to-end tests. */
    public static Running start(Settings settings, Mode mode) {
        return start(settings, mode, Optional.empty());
    }

    /** As {@link #start(Settings, Mode)} with the request authenticator replaced; for tests only. */
    public static Running start(Settings settings, Mode mode, Optional<RequestAuthenticator> authenticatorOverride) {
        return start(settings, mode, authenticatorOverride, new Running());
    }

    private static Running start(
            Settings settings, Mode mode, Optional<RequestAuthenticator> authenticatorOverride, Running running) {
        ApiServer.checkListenAddress(settings, mode);
        try {
            if (mode == Mode.DEV) {
                startEmbedded(settings, running);
            } else {
                requireServeSecrets(settings);
            }
            Infrastructure infrastructure = new Infrastructure(settings, true);
            running.add(infrastructure);
            running.infrastructure = infrastructure;
            if (mode == Mode.DEV || settings.bool("AUTO_MIGRATE", false)) {
                infrastructure.migrate();
            }
            ShutdownDrain drain = ShutdownDrain.from(settings);
            infrastructure.addProbe(drain);
            running.drain = drain;
            ApiServer server = ApiServer.start(settings, mode, infrastructure, authenticatorOverride);
            running.add(server);
            running.server = server;
            running.resources.stream()
                    .filter(EmbeddedInfrastructure.class::isInstance)
                    .forEach(e -> ((EmbeddedInfrastructure) e).announce(server.port()));
            String base = server.baseUrl().toString();
            System.out.println("Draft'n run " + Version.current() + " (" + mode.label() + ") is ready");
            System.out.println("  GraphQL:  " + base + "/graphql");
            System.out.println("  GraphiQL: " + base + "/graphiql");
            System.out.println("  Health:   " + base + "/health");
            System.out.flush();
            return running;
        } catch (RuntimeException | Error e) {
            running.close(); // stop the embedded servers already started, whatever failed
            throw e;
        }
    }

    private static void requireServeSecrets(Settings settings) {
        settings.required("BACKEND_SECRET_KEY", "in serve mode (it signs tokens and salts API keys)");
        settings.required("FERNET_KEY", "in serve mode (it encrypts organization secrets)");
    }

    /**
     * Starts the embedded servers the configuration does not replace, and supplies their locations. Holds the lock
     * of {@code running} meanwhile: a Ctrl-C during the start waits for the server being started, then stops it.
     */
    private static void startEmbedded(Settings settings, Running running) {
        Path data = Path.of(settings.string("DATA_DIR", "data")).toAbsolutePath();
        boolean needPostgres =
                EmbeddedInfrastructure.DATABASES.stream().anyMatch(db -> !settings.isConfigured(variableOf(db)));
        boolean needRedis = !settings.isConfigured("REDIS_HOST");
        synchronized (running) {
            if (running.closed) {
                throw new ConfigException("stopped while starting");
            }
            EmbeddedInfrastructure.Passwords generated = DevSecrets.embeddedPasswords(data);
            // a REDIS_PASSWORD set without REDIS_HOST is the embedded Redis's password
            EmbeddedInfrastructure.Passwords passwords = new EmbeddedInfrastructure.Passwords(
                    generated.postgres(), settings.get("REDIS_PASSWORD").orElse(generated.redis()));
            EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start(data, needPostgres, needRedis, passwords);
            running.add(embedded);
            if (embedded.hasPostgres()) {
                for (String db : EmbeddedInfrastructure.DATABASES) {
                    settings.supply(variableOf(db), embedded.databaseUrl(db));
                }
            }
            if (embedded.hasRedis()) {
                settings.supply("REDIS_HOST", "127.0.0.1");
                settings.supply("REDIS_PORT", Integer.toString(embedded.redisPort()));
                settings.supply("REDIS_PASSWORD", passwords.redis());
            }
        }
        DevSecrets.supply(settings, data);
    }

    static String variableOf(String database) {
        return switch (database) {
            case "backend" -> "ADA_DB_URL";
            case "ingestion" -> "INGESTION_DB_URL";
            case "traces" -> "TRACES_DB_URL";
            default -> throw new IllegalArgumentException(database);
        };
    }

    /**
     * What a {@code worker} process needs to ingest beside {@code serve}: a vector store both reach. The embedded Lucene
     * store under {@code DATA_DIR/vectors} is private to the one process that opened it (its write lock), so a worker
     * on it either fails to open it or writes collections that {@code serve} never sees; it refuses to start instead.
     */
    static void requireSharedVectorStore(Settings settings) {
        if (settings.get("QDRANT_CLUSTER_URL").filter(url -> !url.isBlank()).isEmpty()) {
            throw new ConfigException("worker needs a vector store shared with serve: set QDRANT_CLUSTER_URL (the"
                    + " embedded Lucene store belongs to one process; on one machine ingest inside dev or serve with"
                    + " RUN_INGESTION_WORKER=true), plus S3_BUCKET_NAME or the same host and DATA_DIR for uploaded"
                    + " files");
        }
    }

    private static Running startWorker(Settings settings) {
        requireSharedVectorStore(settings);
        Running running = new Running();
        try {
            Infrastructure infrastructure = new Infrastructure(settings, true);
            running.add(infrastructure);
            running.infrastructure = infrastructure;
            KnowledgeWiring.create(settings, infrastructure)
                    .startWorker(io.draftnrun.application.shared.port.Metrics.NOOP);
            LOG.info("ingestion worker ready");
            System.out.println("Draft'n run worker " + Version.current() + " is ready");
            return running;
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    private static int migrate(Settings settings, boolean seed, List<String> only) {
        for (String name : only) {
            if (!EmbeddedInfrastructure.DATABASES.contains(name)) {
                throw new ConfigException("unknown database '" + name + "' (expected backend, ingestion or traces)");
            }
        }
        try (Running running = new Running()) {
            boolean configured = settings.isConfigured("ADA_DB_URL");
            if (!configured) {
                Path data = Path.of(settings.string("DATA_DIR", "data")).toAbsolutePath();
                EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start(data, true, false);
                running.add(embedded);
                for (String db : EmbeddedInfrastructure.DATABASES) {
                    settings.supply(variableOf(db), embedded.databaseUrl(db));
                }
                LOG.info("no ADA_DB_URL configured: using the embedded PostgreSQL under {}", data);
            }
            Infrastructure infrastructure = new Infrastructure(settings, false);
            running.add(infrastructure);
            infrastructure.migrate(only.isEmpty() ? EmbeddedInfrastructure.DATABASES : only);
            if (seed) {
                Seeding.seed(settings, infrastructure);
            }
            System.out.println(seed ? "databases migrated and seeded" : "databases migrated");
        }
        return 0;
    }

    /**
     * Starts the API and serves until the process is asked to stop. The shutdown hook is installed before anything
     * starts, so Ctrl-C or SIGTERM during the start stops what was started (embedded servers included).
     */
    private static int serveUntilStopped(Settings settings, Mode mode) {
        Running running = new Running();
        Thread hook = new Thread(
                () -> {
                    LOG.info("stopping");
                    ShutdownDrain drain = running.drain;
                    if (drain != null) {
                        drain.drain();
                    }
                    running.close();
                },
                "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        start(settings, mode, Optional.empty(), running);
        return awaitStop();
    }

    private static int serveUntilStopped(Running running) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping");
                            running.close();
                        },
                        "shutdown"));
        return awaitStop();
    }

    private static int awaitStop() {
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
