package io.draftnrun.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Configuration by name, with the reference system's variable names: environment variables first, then
 * {@code credentials.env} in the working directory (dotenv format), then values supplied by the process itself (the
 * embedded infrastructure of {@code dev}). Typed getters fail with a {@link ConfigException} naming the variable;
 * values of secret-looking names never appear in messages or dumps. Every name read is one of {@link #VARIABLES}.
 * {@link Configuration} reads every variable once at start-up through these getters; the wiring uses its typed
 * records, never names.
 */
public final class Settings {
    /**
     * Every variable the server reads, through this class or through the functions it hands to adapters (OTLP, model
     * providers), and {@code LOG_LEVEL} (read by {@code logback.xml}). The README's configuration table and
     * {@code credentials.env.example} document each one, and reading a name missing here fails the tests
     * (ConfigurationDocumentedTest; an assertion in {@link #get} while they run): add a new variable here and to both
     * documents.
     */
    public static final java.util.SortedSet<String> VARIABLES =
            java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(java.util.List.of(
                    // server
                    "ADA_URL",
                    "PORT",
                    "HOST",
                    "DATA_DIR",
                    "AUTO_MIGRATE",
                    "GRAPHQL_INTROSPECTION",
                    "CORS_ALLOW_ORIGINS",
                    "RATE_LIMIT_PER_MINUTE",
                    "UPLOAD_MAX_BYTES",
                    "METRICS_PUBLIC",
                    "WS_MAX_CONNECTIONS",
                    "WS_MAX_CONNECTIONS_PER_USER",
                    "LOGBACK_CONFIG_FILE",
                    "LOG_LEVEL",
                    "SHUTDOWN_DRAIN_SECONDS",
                    // secrets and identity
                    "BACKEND_SECRET_KEY",
                    "FERNET_KEY",
                    "ADMIN_USERNAME",
                    "ADMIN_PASSWORD",
                    "BCRYPT_COST",
                    "SUPABASE_PROJECT_URL",
                    "SUPABASE_JWT_SECRET",
                    "SUPABASE_JWKS_MIN_REFRESH_SECONDS",
                    "OPEN_SIGNUP",
                    "INVITATION_TTL_HOURS",
                    // databases, Redis, vectors, files
                    "ADA_DB_URL",
                    "INGESTION_DB_URL",
                    "TRACES_DB_URL",
                    "DATA_CACHE_SECONDS",
                    "REDIS_HOST",
                    "REDIS_PORT",
                    "REDIS_PASSWORD",
                    "REDIS_QUEUE_NAME",
                    "QDRANT_CLUSTER_URL",
                    "QDRANT_API_KEY",
                    "S3_ENDPOINT_URL",
                    "S3_ACCESS_KEY_ID",
                    "S3_SECRET_ACCESS_KEY",
                    "S3_BUCKET_NAME",
                    "S3_REGION_NAME",
                    // ingestion
                    "MAX_CONCURRENT_INGESTIONS",
                    "INGESTION_RECLAIM_IDLE_SECONDS",
                    "INGESTION_SWEEP_AFTER_SECONDS",
                    "INGESTION_STOP_GRACE_SECONDS",
                    "EMBEDDING_BATCH_SIZE",
                    "RUN_INGESTION_WORKER",
                    "WORKER_NAME",
                    "DOCUMENT_LINK_TTL_SECONDS",
                    // runs and components
                    "RUN_TIMEOUT_SECONDS",
                    "RUN_INSERT_DELAY_MS",
                    "RUN_MAX_PARALLEL_NODES",
                    "RUN_MAX_PARALLEL_NODES_PER_RUN",
                    "RUN_EVENTS_MAX_LENGTH",
                    "RUN_EVENTS_RETENTION_SECONDS",
                    "MAX_CONCURRENT_ASYNC_RUNS",
                    "RUN_QUEUE_NAME",
                    "RUN_QUEUE_RECLAIM_IDLE_SECONDS",
                    "INSTANCE_HEARTBEAT_SECONDS",
                    "INSTANCE_SILENCE_SECONDS",
                    "RUN_REAPER_GRACE_SECONDS",
                    "API_CALL_ALLOWED_HOSTS",
                    "SQL_ALLOWED_HOSTS",
                    "SQL_MAX_CELL_BYTES",
                    "SQL_MAX_RESULT_BYTES",
                    "TEMPLATE_ORGANIZATION_ID",
                    "EARLY_ACCESS_ORGANIZATION_IDS",
                    "INTERNAL_ORGANIZATION_IDS",
                    // model providers (organization secrets <provider>_api_key win over the keys)
                    "OPENAI_API_KEY",
                    "ANTHROPIC_API_KEY",
                    "GOOGLE_API_KEY",
                    "MISTRAL_API_KEY",
                    "COHERE_API_KEY",
                    "OPENAI_BASE_URL",
                    "ANTHROPIC_BASE_URL",
                    "GOOGLE_BASE_URL",
                    "MISTRAL_BASE_URL",
                    "OLLAMA_BASE_URL",
                    "PLATFORM_TOKEN_LIMIT",
                    // observability
                    "TRACING_ENABLED",
                    "TRACE_BUFFER_SIZE",
                    "TRACE_BATCH_SIZE",
                    "TRACE_LINGER_MS",
                    "OTEL_EXPORTER_OTLP_ENDPOINT",
                    "OTEL_EXPORTER_OTLP_PROTOCOL",
                    "OTEL_EXPORTER_OTLP_HEADERS",
                    "OTEL_SERVICE_NAME")));

    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL).*");
    private static final Pattern DOTENV_LINE =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*$");

    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final Map<String, String> overrides = new HashMap<>();

    public Settings(Map<String, String> environment, Map<String, String> file) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
    }

    /** The process environment plus {@code credentials.env} of {@code workingDirectory} when present. */
    public static Settings load(Path workingDirectory) {
        return new Settings(System.getenv(), readDotenv(workingDirectory.resolve("credentials.env")));
    }

    static Map<String, String> readDotenv(Path path) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(path)) {
            return values;
        }
        try {
            int number = 0;
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                var m = DOTENV_LINE.matcher(line);
                if (!m.matches()) {
                    throw new ConfigException(path.getFileName() + " line " + number + " is not NAME=value");
                }
                values.put(m.group(1), unquote(m.group(2)));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + e.getMessage());
        }
        return values;
    }

    private static String unquote(String raw) {
        if (raw.length() >= 2
                && ((raw.startsWith("\"") && raw.endsWith("\"")) || (raw.startsWith("'") && raw.endsWith("'")))) {
            String inner = raw.substring(1, raw.length() - 1);
            return raw.startsWith("\"") ? inner.replace("\\n", "\n").replace("\\\"", "\"") : inner;
        }
        int comment = raw.indexOf(" #");
        return comment >= 0 ? raw.substring(0, comment).trim() : raw;
    }

    /** Sets a value the process decided (e.g. the embedded database URL); explicit configuration still wins. */
    public void supply(String name, String value) {
        overrides.put(name, value);
    }

    /** The value if set and not blank. */
    public Optional<String> get(String name) {
        assert VARIABLES.contains(name)
                : name + " is read but not in Settings.VARIABLES: add it there, to the README's configuration table"
                        + " and to credentials.env.example";
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            value = file.get(name);
        }
        if (value == null || value.isBlank()) {
            value = overrides.get(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Whether the user configured the value (environment or file), as opposed to a supplied default. */
    public boolean isConfigured(String name) {
        assert VARIABLES.contains(name) : name + " is not in Settings.VARIABLES";
        String env = environment.get(name);
        String fromFile = file.get(name);
        return (env != null && !env.isBlank()) || (fromFile != null && !fromFile.isBlank());
    }

    public String string(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    public String required(String name, String why) {
        return get(name).orElseThrow(() -> new ConfigException(name + " is required " + why));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false");
        };
    }

    /** An absolute http(s) URL, if set. */
    public Optional<URI> httpUrl(String name) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new ConfigException(name + " must be an http(s) URL with a host, like http://localhost:8000");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " is not a valid URL");
        }
    }

    /** Every known value with secrets masked, for diagnostics. */
    public Map<String, String> redactedView() {
        Map<String, String> view = new TreeMap<>();
        for (Map<String, String> source : new Map[] {overrides, file, environment}) {
            source.forEach((k, v) -> view.put(k, isSecret(k) ? "****" : v));
        }
        return view;
    }

    static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name.toUpperCase()).matches()
                || name.toUpperCase().endsWith("_URL")
                || name.toUpperCase().endsWith("_HEADERS"); // OTEL_EXPORTER_OTLP_HEADERS carries credentials
    }

    @Override
    public String toString() {
        return "Settings[" + (environment.size() + file.size() + overrides.size()) + " values]";
    }
}
