package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.worker.IngestionWorker;
import io.draftnrun.adapter.out.jdbc.JdbcExternalSqlGateway;
import io.draftnrun.adapter.out.otel.OtlpSettings;
import io.draftnrun.adapter.out.postgres.PostgresUrl;
import io.draftnrun.adapter.out.redis.RedisStreamIngestionQueue;
import io.draftnrun.adapter.out.redis.RedisStreamRunQueue;
import io.draftnrun.adapter.out.s3.S3Settings;
import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.project.TemplateSettings;
import io.draftnrun.application.shared.AddressPolicy;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.application.trace.UsageLimiter;
import io.draftnrun.domain.organization.OrganizationId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The server's configuration as typed values, parsed once from {@link Settings} at start-up (after the process
 * supplied its own values, e.g. the embedded databases of {@code dev}): one record per concern, so the wiring reads
 * fields instead of variable names and a bad value stops the start with a {@link ConfigException} naming the variable.
 * {@link Settings#VARIABLES} stays the registry of names; this class is where each one is read.
 */
public record Configuration(
        Server server,
        Stores stores,
        Identity identity,
        Projects projects,
        Knowledge knowledge,
        Runs runs,
        Traces traces,
        SqlGuard sql,
        Models models) {

    /** Parses every setting; the first invalid one ends the start with a message naming it. */
    public static Configuration parse(Settings settings) {
        Server server = Server.parse(settings);
        return new Configuration(
                server,
                Stores.parse(settings),
                Identity.parse(settings),
                Projects.parse(settings),
                Knowledge.parse(settings, server.dataDirectory()),
                Runs.parse(settings),
                Traces.parse(settings),
                SqlGuard.parse(settings, server.dataDirectory()),
                Models.parse(settings));
    }

    /**
     * The HTTP server and process: {@code HOST}, {@code PORT} (else the port of {@code ADA_URL}, else 8000),
     * {@code ADA_URL}, {@code DATA_DIR}, {@code AUTO_MIGRATE}, {@code GRAPHQL_INTROSPECTION},
     * {@code CORS_ALLOW_ORIGINS}, {@code RATE_LIMIT_PER_MINUTE}, {@code UPLOAD_MAX_BYTES}, {@code METRICS_PUBLIC},
     * {@code WS_MAX_CONNECTIONS}, {@code WS_MAX_CONNECTIONS_PER_USER}, {@code SHUTDOWN_DRAIN_SECONDS}.
     */
    public record Server(
            Optional<String> host,
            int port,
            Optional<URI> publicUrl,
            Path dataDirectory,
            boolean autoMigrate,
            boolean graphQlIntrospection,
            String corsAllowOrigins,
            int rateLimitPerMinute,
            Optional<Integer> uploadMaxBytes,
            boolean metricsPublic,
            int wsMaxConnections,
            int wsMaxConnectionsPerUser,
            Duration shutdownDrain) {

        static Server parse(Settings settings) {
            Optional<URI> publicUrl = settings.httpUrl("ADA_URL");
            int port = settings.get("PORT").isPresent()
                    ? settings.integer("PORT", 8000, 0, 65535)
                    : publicUrl
                            .map(uri ->
                                    uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80))
                            .orElse(8000);
            return new Server(
                    settings.get("HOST"),
                    port,
                    publicUrl,
                    Configuration.dataDirectory(settings),
                    settings.bool("AUTO_MIGRATE", false),
                    settings.bool("GRAPHQL_INTROSPECTION", true),
                    settings.string("CORS_ALLOW_ORIGINS", ""),
                    settings.integer("RATE_LIMIT_PER_MINUTE", 600, 1, 1_000_000),
                    settings.get("UPLOAD_MAX_BYTES").isPresent()
                            ? Optional.of(settings.integer("UPLOAD_MAX_BYTES", 0, 1, Integer.MAX_VALUE))
                            : Optional.empty(),
                    settings.bool("METRICS_PUBLIC", true),
                    settings.integer("WS_MAX_CONNECTIONS", 2_000, 1, 1_000_000),
                    settings.integer("WS_MAX_CONNECTIONS_PER_USER", 20, 1, 100_000),
                    Duration.ofSeconds(settings.integer("SHUTDOWN_DRAIN_SECONDS", 0, 0, 3600)));
        }

        /** {@code HOST}, else loopback in {@code dev} and every interface otherwise. */
        public String host(Mode mode) {
            return host.orElse(mode == Mode.DEV ? "127.0.0.1" : "0.0.0.0");
        }
    }

    /** {@code DATA_DIR} (default {@code data}), absolute. */
    static Path dataDirectory(Settings settings) {
        return Path.of(settings.string("DATA_DIR", "data")).toAbsolutePath();
    }

    /**
     * Where the data lives: the three PostgreSQL databases ({@code ADA_DB_URL}, {@code INGESTION_DB_URL},
     * {@code TRACES_DB_URL}; required when connecting), Redis ({@code REDIS_HOST}, {@code REDIS_PORT},
     * {@code REDIS_PASSWORD}), the vector store (Qdrant at {@code QDRANT_CLUSTER_URL} with {@code QDRANT_API_KEY}, else
     * Lucene under {@code DATA_DIR/vectors}) and {@code DATA_CACHE_SECONDS} (how long what runs and requests look up at
     * their start may be kept in memory; 0 reads the database each time).
     *
     * @param databases URL of each database by name ({@code backend}, {@code ingestion}, {@code traces}) when set
     * @param defaulted names of the databases whose URL the process supplied (not configured)
     */
    public record Stores(
            Map<String, PostgresUrl> databases,
            Set<String> defaulted,
            String redisHost,
            int redisPort,
            String redisPassword,
            boolean redisDefaulted,
            Optional<String> qdrantUrl,
            Optional<String> qdrantApiKey,
            Path vectorDirectory,
            Duration dataCache) {

        static Stores parse(Settings settings) {
            Map<String, PostgresUrl> databases = new LinkedHashMap<>();
            java.util.Set<String> defaulted = new java.util.TreeSet<>();
            for (String name : EmbeddedInfrastructure.DATABASES) {
                String variable = Commands.variableOf(name);
                Optional<String> value = settings.get(variable);
                if (value.isPresent()) {
                    try {
                        databases.put(name, PostgresUrl.parse(variable, value.get()));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(e.getMessage());
                    }
                }
                if (!settings.isConfigured(variable)) {
                    defaulted.add(name);
                }
            }
            return new Stores(
                    Map.copyOf(databases),
                    Set.copyOf(defaulted),
                    settings.string("REDIS_HOST", "localhost"),
                    settings.integer("REDIS_PORT", 6379, 1, 65535),
                    settings.string("REDIS_PASSWORD", ""),
                    !settings.isConfigured("REDIS_HOST") && !settings.isConfigured("REDIS_PORT"),
                    settings.get("QDRANT_CLUSTER_URL"),
                    settings.get("QDRANT_API_KEY"),
                    dataDirectory(settings).resolve("vectors"),
                    Duration.ofSeconds(settings.integer("DATA_CACHE_SECONDS", 60, 0, 24 * 3600)));
        }

        @Override
        public String toString() {
            return "Stores[databases=" + databases.keySet() + ", redis=" + redisHost + ":" + redisPort + ", qdrant="
                    + qdrantUrl.isPresent() + ", dataCache=" + dataCache + "]";
        }

        /** The URL of database {@code name}; a {@link ConfigException} naming its variable when unset. */
        public PostgresUrl database(String name) {
            PostgresUrl url = databases.get(name);
            if (url == null) {
                throw new ConfigException(Commands.variableOf(name) + " is required (a postgresql:// URL)");
            }
            return url;
        }
    }

    /**
     * Identity and secrets: {@code BACKEND_SECRET_KEY} (signs tokens, salts API keys), {@code FERNET_KEY} (encrypts
     * organization secrets), {@code ADMIN_USERNAME}, {@code ADMIN_PASSWORD}, {@code BCRYPT_COST},
     * {@code SUPABASE_PROJECT_URL}, {@code SUPABASE_JWT_SECRET}, {@code SUPABASE_JWKS_MIN_REFRESH_SECONDS},
     * {@code OPEN_SIGNUP}, {@code INVITATION_TTL_HOURS}.
     */
    public record Identity(
            Optional<String> backendSecret,
            Optional<String> fernetKey,
            String adminUsername,
            Optional<String> adminPassword,
            int bcryptCost,
            Optional<URI> supabaseUrl,
            Optional<String> supabaseJwtSecret,
            Duration supabaseJwksMinRefresh,
            OrganizationUseCases.AccountPolicy accountPolicy) {

        static Identity parse(Settings settings) {
            return new Identity(
                    settings.get("BACKEND_SECRET_KEY"),
                    settings.get("FERNET_KEY"),
                    settings.string("ADMIN_USERNAME", Seeding.DEFAULT_ADMIN),
                    settings.get("ADMIN_PASSWORD"),
                    settings.integer("BCRYPT_COST", 12, 4, 16),
                    settings.httpUrl("SUPABASE_PROJECT_URL"),
                    settings.get("SUPABASE_JWT_SECRET"),
                    Duration.ofSeconds(settings.integer("SUPABASE_JWKS_MIN_REFRESH_SECONDS", 10, 0, 3600)),
                    new OrganizationUseCases.AccountPolicy(
                            settings.bool("OPEN_SIGNUP", false),
                            Duration.ofHours(settings.integer("INVITATION_TTL_HOURS", 72, 1, 24 * 90))));
        }

        @Override
        public String toString() {
            return "Identity[secrets redacted, adminUsername=" + adminUsername + ", bcryptCost=" + bcryptCost
                    + ", supabase=" + supabaseUrl.isPresent() + ", " + accountPolicy + "]";
        }

        /** {@code BACKEND_SECRET_KEY}, or a {@link ConfigException} saying {@code why} it is needed. */
        public String requireBackendSecret(String why) {
            return backendSecret.orElseThrow(() -> new ConfigException("BACKEND_SECRET_KEY is required " + why));
        }

        /** {@code FERNET_KEY}, or a {@link ConfigException} saying {@code why} it is needed. */
        public String requireFernetKey(String why) {
            return fernetKey.orElseThrow(() -> new ConfigException("FERNET_KEY is required " + why));
        }
    }

    /**
     * Projects and the component catalog: {@code TEMPLATE_ORGANIZATION_ID} (default the reference's template
     * organization), {@code EARLY_ACCESS_ORGANIZATION_IDS} and {@code INTERNAL_ORGANIZATION_IDS} (comma-separated).
     *
     * @param templatesConfigured whether the operator chose the template organization (then nothing is seeded in it)
     */
    public record Projects(TemplateSettings templates, boolean templatesConfigured, ReleaseStagePolicy releaseStages) {

        static Projects parse(Settings settings) {
            String template = settings.string(
                    "TEMPLATE_ORGANIZATION_ID", TemplateSettings.REFERENCE_TEMPLATE_ORGANIZATION.toString());
            TemplateSettings templates;
            try {
                templates = new TemplateSettings(OrganizationId.of(template.trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("TEMPLATE_ORGANIZATION_ID must be a UUID");
            }
            return new Projects(
                    templates,
                    settings.isConfigured("TEMPLATE_ORGANIZATION_ID"),
                    new ReleaseStagePolicy(
                            ids(settings.string("EARLY_ACCESS_ORGANIZATION_IDS", "")),
                            ids(settings.string("INTERNAL_ORGANIZATION_IDS", ""))));
        }

        private static Set<OrganizationId> ids(String csv) {
            try {
                return Arrays.stream(csv.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(OrganizationId::of)
                        .collect(Collectors.toUnmodifiableSet());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("EARLY_ACCESS_ORGANIZATION_IDS and INTERNAL_ORGANIZATION_IDS list UUIDs");
            }
        }
    }

    /**
     * Knowledge: files under {@code DATA_DIR/files} unless {@code S3_BUCKET_NAME} (+ {@code S3_ENDPOINT_URL},
     * {@code S3_ACCESS_KEY_ID}, {@code S3_SECRET_ACCESS_KEY}, {@code S3_REGION_NAME}); the ingestion queue
     * {@code REDIS_QUEUE_NAME}; {@code EMBEDDING_BATCH_SIZE} (32); {@code DOCUMENT_LINK_TTL_SECONDS} (3600);
     * {@code RUN_INGESTION_WORKER} (false); and the worker's {@code WORKER_NAME}, {@code MAX_CONCURRENT_INGESTIONS} (2),
     * {@code INGESTION_RECLAIM_IDLE_SECONDS} (120), {@code INGESTION_SWEEP_AFTER_SECONDS} (300),
     * {@code INGESTION_STOP_GRACE_SECONDS} (20).
     */
    public record Knowledge(
            Optional<S3Settings> s3,
            Path fileDirectory,
            String queueName,
            int embeddingBatchSize,
            Duration documentLinkTtl,
            boolean runIngestionWorker,
            IngestionWorker.Settings worker) {

        static Knowledge parse(Settings settings, Path dataDirectory) {
            Optional<String> bucket = settings.get("S3_BUCKET_NAME");
            Optional<S3Settings> s3;
            try {
                s3 = bucket.map(name -> S3Settings.of(
                        settings.string("S3_ENDPOINT_URL", ""),
                        settings.string("S3_ACCESS_KEY_ID", ""),
                        settings.string("S3_SECRET_ACCESS_KEY", ""),
                        name,
                        settings.string("S3_REGION_NAME", "")));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            String consumer = settings.string(
                    "WORKER_NAME",
                    "worker-" + ProcessHandle.current().pid() + "-"
                            + UUID.randomUUID().toString().substring(0, 8));
            IngestionWorker.Settings worker = new IngestionWorker.Settings(
                    consumer,
                    settings.integer("MAX_CONCURRENT_INGESTIONS", 2, 1, 64),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(settings.integer("INGESTION_RECLAIM_IDLE_SECONDS", 120, 1, 86_400)),
                    Duration.ofSeconds(settings.integer("INGESTION_SWEEP_AFTER_SECONDS", 300, 1, 86_400)),
                    5,
                    Duration.ofSeconds(settings.integer("INGESTION_STOP_GRACE_SECONDS", 20, 0, 3600)));
            return new Knowledge(
                    s3,
                    dataDirectory.resolve("files"),
                    settings.string("REDIS_QUEUE_NAME", RedisStreamIngestionQueue.DEFAULT_STREAM),
                    settings.integer("EMBEDDING_BATCH_SIZE", 32, 1, 1024),
                    Duration.ofSeconds(settings.integer("DOCUMENT_LINK_TTL_SECONDS", 3600, 1, 604_800)),
                    settings.bool("RUN_INGESTION_WORKER", false),
                    worker);
        }
    }

    /**
     * Runs: {@code RUN_TIMEOUT_SECONDS} (300), {@code RUN_INSERT_DELAY_MS} (250), {@code RUN_MAX_PARALLEL_NODES} (512),
     * {@code RUN_MAX_PARALLEL_NODES_PER_RUN} (16), {@code RUN_EVENTS_MAX_LENGTH} (10000),
     * {@code RUN_EVENTS_RETENTION_SECONDS} (3600), {@code MAX_CONCURRENT_ASYNC_RUNS} (32), {@code RUN_QUEUE_NAME},
     * {@code RUN_QUEUE_RECLAIM_IDLE_SECONDS} (30), {@code INSTANCE_HEARTBEAT_SECONDS} (5),
     * {@code INSTANCE_SILENCE_SECONDS} (30, more than the heartbeat), {@code RUN_REAPER_GRACE_SECONDS} (60), and the
     * components' {@code API_CALL_ALLOWED_HOSTS} and {@code COHERE_API_KEY}.
     */
    public record Runs(
            Duration timeout,
            Duration insertDelay,
            int maxParallelNodes,
            int maxParallelNodesPerRun,
            int eventsMaxLength,
            Duration eventsRetention,
            int maxConcurrentAsyncRuns,
            String queueName,
            Duration queueReclaimIdle,
            Duration heartbeat,
            Duration silence,
            Duration reaperGrace,
            Optional<String> apiCallAllowedHosts,
            Optional<String> cohereApiKey) {

        static Runs parse(Settings settings) {
            int heartbeat = settings.integer("INSTANCE_HEARTBEAT_SECONDS", 5, 1, 3600);
            int silence = settings.integer("INSTANCE_SILENCE_SECONDS", 30, 2, 24 * 3600);
            if (silence <= heartbeat) {
                throw new ConfigException(
                        "INSTANCE_SILENCE_SECONDS must be greater than INSTANCE_HEARTBEAT_SECONDS (" + heartbeat + ")");
            }
            return new Runs(
                    Duration.ofSeconds(settings.integer("RUN_TIMEOUT_SECONDS", 300, 1, 24 * 3600)),
                    Duration.ofMillis(settings.integer("RUN_INSERT_DELAY_MS", 250, 0, 60_000)),
                    settings.integer("RUN_MAX_PARALLEL_NODES", 512, 1, 100_000),
                    settings.integer("RUN_MAX_PARALLEL_NODES_PER_RUN", 16, 1, 10_000),
                    settings.integer("RUN_EVENTS_MAX_LENGTH", 10_000, 100, 1_000_000),
                    Duration.ofSeconds(settings.integer("RUN_EVENTS_RETENTION_SECONDS", 3600, 10, 7 * 24 * 3600)),
                    settings.integer("MAX_CONCURRENT_ASYNC_RUNS", 32, 1, 10_000),
                    settings.string("RUN_QUEUE_NAME", RedisStreamRunQueue.DEFAULT_STREAM),
                    Duration.ofSeconds(settings.integer("RUN_QUEUE_RECLAIM_IDLE_SECONDS", 30, 1, 24 * 3600)),
                    Duration.ofSeconds(heartbeat),
                    Duration.ofSeconds(silence),
                    Duration.ofSeconds(settings.integer("RUN_REAPER_GRACE_SECONDS", 60, 0, 24 * 3600)),
                    settings.get("API_CALL_ALLOWED_HOSTS"),
                    settings.get("COHERE_API_KEY"));
        }
    }

    /**
     * Tracing and metrics: {@code TRACING_ENABLED} (true), {@code TRACE_BUFFER_SIZE} (10000), {@code TRACE_BATCH_SIZE}
     * (2000), {@code TRACE_LINGER_MS} (200), {@code PLATFORM_TOKEN_LIMIT} (2000000) and the OpenTelemetry export
     * ({@code OTEL_EXPORTER_OTLP_*}, {@code OTEL_SERVICE_NAME}; none when no endpoint is set).
     */
    public record Traces(
            boolean enabled,
            int bufferSize,
            int batchSize,
            Duration linger,
            long platformTokenLimit,
            Optional<OtlpSettings> otlp) {

        static Traces parse(Settings settings) {
            Optional<OtlpSettings> otlp;
            try {
                otlp = OtlpSettings.fromVariables(settings::get);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ConfigException(e.getMessage());
            }
            long limit;
            try {
                limit = Long.parseLong(
                        settings.string("PLATFORM_TOKEN_LIMIT", Long.toString(UsageLimiter.DEFAULT_LIMIT))
                                .trim()
                                .replace("_", "")
                                .replace(",", ""));
            } catch (NumberFormatException e) {
                throw new ConfigException("PLATFORM_TOKEN_LIMIT must be a whole number of tokens");
            }
            return new Traces(
                    settings.bool("TRACING_ENABLED", true),
                    settings.integer("TRACE_BUFFER_SIZE", 10_000, 1, 10_000_000),
                    settings.integer("TRACE_BATCH_SIZE", AsyncSpanWriter.Settings.DEFAULT_BATCH_SIZE, 1, 10_000),
                    Duration.ofMillis(settings.integer(
                            "TRACE_LINGER_MS", (int) AsyncSpanWriter.Settings.DEFAULT_LINGER.toMillis(), 0, 10_000)),
                    limit,
                    otlp);
        }
    }

    /**
     * The SQL guard of ADR 0008, shared by the SQL components and DATABASE sources: {@code SQL_ALLOWED_HOSTS} (private
     * hosts a SQL DB Service may reach, same syntax as {@code API_CALL_ALLOWED_HOSTS}), {@code SQL_MAX_CELL_BYTES}
     * (1 MiB) and {@code SQL_MAX_RESULT_BYTES} (10 MiB, at least the cell budget); {@code DATA_DIR} is always out of
     * reach.
     */
    public record SqlGuard(List<String> allowedHosts, long maxCellBytes, long maxResultBytes, Path dataDirectory) {

        static SqlGuard parse(Settings settings, Path dataDirectory) {
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
            return new SqlGuard(
                    AddressPolicy.parseList(settings.get("SQL_ALLOWED_HOSTS").orElse(null)),
                    cell,
                    result,
                    dataDirectory);
        }

        /** The gateway options: {@code base} (the caller's pools) with this guard and the server's own databases. */
        public JdbcExternalSqlGateway.Options options(
                JdbcExternalSqlGateway.Options base, List<String> platformDatabaseUrls) {
            return base.withAllowedHosts(allowedHosts)
                    .withPlatform(platformDatabaseUrls, List.of(dataDirectory))
                    .withBudgets(maxCellBytes, maxResultBytes);
        }
    }

    /**
     * The server's keys and base URLs of the model providers ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, ...),
     * read by name when a run or an ingestion resolves a model's credentials (an organization's secret wins).
     */
    public record Models(Map<String, String> variables) {
        private static final List<String> NAMES = List.of(
                "OPENAI_API_KEY",
                "ANTHROPIC_API_KEY",
                "GOOGLE_API_KEY",
                "MISTRAL_API_KEY",
                "COHERE_API_KEY",
                "OPENAI_BASE_URL",
                "ANTHROPIC_BASE_URL",
                "GOOGLE_BASE_URL",
                "MISTRAL_BASE_URL",
                "OLLAMA_BASE_URL");

        static Models parse(Settings settings) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : NAMES) {
                settings.get(name).ifPresent(value -> values.put(name, value));
            }
            return new Models(Map.copyOf(values));
        }

        /** The value of a provider variable, or null (the shape {@code LlmCredentialResolver} takes). */
        public String variable(String name) {
            return variables.get(name);
        }

        @Override
        public String toString() {
            return "Models" + variables.keySet();
        }
    }
}
