package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.lucene.LuceneVectorStore;
import io.draftnrun.adapter.out.postgres.PostgresDataChanges;
import io.draftnrun.adapter.out.postgres.PostgresDatabase;
import io.draftnrun.adapter.out.postgres.PostgresUrl;
import io.draftnrun.adapter.out.qdrant.QdrantVectorStore;
import io.draftnrun.adapter.out.redis.RedisConnection;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.shared.AdapterBinding;
import io.draftnrun.application.shared.port.DataChanges;
import io.draftnrun.application.shared.port.HealthProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections every mode needs: the three databases and Redis, from configuration (or from the embedded servers
 * in {@code dev}, which supply the same variables). Records which adapter serves each port for {@code serverInfo}.
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    public final PostgresDatabase backend;
    public final PostgresDatabase ingestion;
    public final PostgresDatabase traces;
    public final RedisConnection redis;
    private final List<AdapterBinding> bindings = new ArrayList<>();
    private final List<HealthProbe> probes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private VectorStore vectorStore;
    private DataChanges dataChanges;

    public Infrastructure(Settings settings, boolean withRedis) {
        this.backend = database(settings, "backend", "ADA_DB_URL", 16);
        this.ingestion = database(settings, "ingestion", "INGESTION_DB_URL", 8);
        this.traces = database(settings, "traces", "TRACES_DB_URL", 8);
        if (withRedis) {
            String host = settings.string("REDIS_HOST", "localhost");
            int port = settings.integer("REDIS_PORT", 6379, 1, 65535);
            try {
                this.redis = new RedisConnection(host, port, settings.string("REDIS_PASSWORD", ""));
            } catch (RuntimeException e) {
                close();
                throw new ConfigException("cannot connect to Redis at " + host + ":" + port
                        + " (check REDIS_HOST, REDIS_PORT, REDIS_PASSWORD)");
            }
            closeables.add(redis);
            probes.add(redis.healthProbe());
            bindings.add(new AdapterBinding(
                    "queueAndEvents",
                    "redis",
                    !settings.isConfigured("REDIS_HOST") && !settings.isConfigured("REDIS_PORT"),
                    redis.location()));
        } else {
            this.redis = null;
        }
    }

    private PostgresDatabase database(Settings settings, String name, String variable, int pool) {
        String value = settings.get(variable)
                .orElseThrow(() -> new ConfigException(variable + " is required (a postgresql:// URL)"));
        PostgresUrl url;
        try {
            url = PostgresUrl.parse(variable, value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        PostgresDatabase database = new PostgresDatabase(name, url, pool);
        closeables.add(database);
        probes.add(database.healthProbe());
        bindings.add(
                new AdapterBinding(name + "Database", "postgres", !settings.isConfigured(variable), url.location()));
        return database;
    }

    /**
     * How long what runs and requests look up at their start (run targets, API keys, users' access) may be kept in
     * memory: {@code DATA_CACHE_SECONDS}, 60 by default; 0 reads the database each time (e.g. behind a connection
     * pooler in transaction mode, where the feed of changes cannot listen).
     */
    public static Duration dataCacheFor(Settings settings) {
        return Duration.ofSeconds(settings.integer("DATA_CACHE_SECONDS", 60, 0, 24 * 3600));
    }

    /** The backend database's feed of data changes (started on first use), or none when nothing may be kept. */
    public synchronized DataChanges dataChanges(Settings settings) {
        if (dataChanges == null) {
            if (dataCacheFor(settings).isZero()) {
                dataChanges = DataChanges.none();
            } else {
                PostgresDataChanges feed = new PostgresDataChanges(
                                backend.url(), Duration.ofSeconds(10), Duration.ofSeconds(1))
                        .watchingLocalWrites(backend)
                        .start();
                closeables.add(feed);
                dataChanges = feed;
            }
        }
        return dataChanges;
    }

    /** Applies the Flyway migrations of the three databases. */
    public void migrate() {
        migrate(EmbeddedInfrastructure.DATABASES);
    }

    /** Applies the Flyway migrations of the named databases ({@code backend}, {@code ingestion}, {@code traces}). */
    public void migrate(List<String> names) {
        for (PostgresDatabase db : List.of(backend, ingestion, traces)) {
            if (!names.contains(db.name())) {
                continue;
            }
            try {
                db.migrate();
            } catch (RuntimeException e) {
                LOG.error("migration of the {} database failed: {}", db.name(), e.getMessage());
                throw new ConfigException("cannot migrate the " + db.name() + " database at "
                        + db.url().location() + ": " + firstLine(e.getMessage()));
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * The process's one vector store (a Lucene index may be opened by one writer only): Qdrant when
     * {@code QDRANT_CLUSTER_URL} is set, else Lucene under {@code DATA_DIR/vectors}.
     */
    public synchronized VectorStore vectorStore(Settings settings) {
        if (vectorStore == null) {
            Optional<String> qdrant = settings.get("QDRANT_CLUSTER_URL");
            if (qdrant.isPresent()) {
                QdrantVectorStore store;
                try {
                    store = QdrantVectorStore.connect(
                            qdrant.get(), settings.get("QDRANT_API_KEY").orElse(null));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
                closeables.add(store);
                probes.add(store.healthProbe());
                bindings.add(new AdapterBinding("vectorStore", "qdrant", false, qdrant.get()));
                vectorStore = store;
            } else {
                Path directory = Path.of(settings.string("DATA_DIR", "data"))
                        .toAbsolutePath()
                        .resolve("vectors");
                LuceneVectorStore lucene = new LuceneVectorStore(directory);
                closeables.add(lucene);
                bindings.add(new AdapterBinding("vectorStore", "lucene", true, directory.toString()));
                vectorStore = lucene;
            }
        }
        return vectorStore;
    }

    public void addBinding(AdapterBinding binding) {
        bindings.add(binding);
    }

    public void addProbe(HealthProbe probe) {
        probes.add(probe);
    }

    public void onClose(AutoCloseable closeable) {
        closeables.add(closeable);
    }

    public List<AdapterBinding> bindings() {
        return List.copyOf(bindings);
    }

    public List<HealthProbe> probes() {
        return List.copyOf(probes);
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", closeables.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        closeables.clear();
    }
}
