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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections a process holds, opened once from {@link Configuration.Stores} and immutable afterwards: the three
 * databases always, and what the process {@linkplain Need needs} of Redis, the vector store and the feed of data
 * changes. Records which adapter serves each port (for {@code serverInfo}) and their health probes. Closing stops
 * them in a fixed order, the reverse of opening: the feed, the vector store, Redis, then the databases.
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    /** What a process needs beyond the databases. */
    public enum Need {
        /** Queues and run events ({@code serve}, {@code dev}, {@code worker}). */
        REDIS,
        /** The process's one vector store (a Lucene index may be opened by one writer only). */
        VECTORS,
        /** The backend database's feed of changes, when data may be kept ({@code DATA_CACHE_SECONDS} above 0). */
        DATA_CHANGES
    }

    private final PostgresDatabase backend;
    private final PostgresDatabase ingestion;
    private final PostgresDatabase traces;
    private final Optional<RedisConnection> redis;
    private final Optional<VectorStore> vectorStore;
    private final DataChanges dataChanges;
    private final Duration dataCache;
    private final List<AdapterBinding> bindings;
    private final List<HealthProbe> probes;
    /** In the order opened; closed in reverse. */
    private final List<AutoCloseable> opened;

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Infrastructure(Configuration.Stores stores, Set<Need> needs) {
        List<AutoCloseable> open = new ArrayList<>();
        List<AdapterBinding> boundTo = new ArrayList<>();
        List<HealthProbe> probed = new ArrayList<>();
        try {
            this.backend = database(stores, "backend", 16, open, boundTo, probed);
            this.ingestion = database(stores, "ingestion", 8, open, boundTo, probed);
            this.traces = database(stores, "traces", 8, open, boundTo, probed);
            this.redis =
                    needs.contains(Need.REDIS) ? Optional.of(redis(stores, open, boundTo, probed)) : Optional.empty();
            this.vectorStore = needs.contains(Need.VECTORS)
                    ? Optional.of(vectorStore(stores, open, boundTo, probed))
                    : Optional.empty();
            this.dataCache = stores.dataCache();
            if (needs.contains(Need.DATA_CHANGES) && !dataCache.isZero()) {
                PostgresDataChanges feed = new PostgresDataChanges(
                                backend.url(), Duration.ofSeconds(10), Duration.ofSeconds(1))
                        .watchingLocalWrites(backend)
                        .start();
                open.add(feed);
                this.dataChanges = feed;
            } else {
                this.dataChanges = DataChanges.none();
            }
        } catch (RuntimeException | Error e) {
            closeAll(open);
            throw e;
        }
        this.opened = List.copyOf(open);
        this.bindings = List.copyOf(boundTo);
        this.probes = List.copyOf(probed);
    }

    /** Opens the databases and what {@code needs} names; what opened is closed again when something fails. */
    public static Infrastructure open(Configuration.Stores stores, Need... needs) {
        return new Infrastructure(
                stores, needs.length == 0 ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(List.of(needs)));
    }

    private static PostgresDatabase database(
            Configuration.Stores stores,
            String name,
            int pool,
            List<AutoCloseable> open,
            List<AdapterBinding> bindings,
            List<HealthProbe> probes) {
        PostgresUrl url = stores.database(name);
        PostgresDatabase database = new PostgresDatabase(name, url, pool);
        open.add(database);
        probes.add(database.healthProbe());
        bindings.add(new AdapterBinding(
                name + "Database", "postgres", stores.defaulted().contains(name), url.location()));
        return database;
    }

    private static RedisConnection redis(
            Configuration.Stores stores,
            List<AutoCloseable> open,
            List<AdapterBinding> bindings,
            List<HealthProbe> probes) {
        RedisConnection connection;
        try {
            connection = new RedisConnection(stores.redisHost(), stores.redisPort(), stores.redisPassword());
        } catch (RuntimeException e) {
            throw new ConfigException("cannot connect to Redis at " + stores.redisHost() + ":" + stores.redisPort()
                    + " (check REDIS_HOST, REDIS_PORT, REDIS_PASSWORD)");
        }
        open.add(connection);
        probes.add(connection.healthProbe());
        bindings.add(new AdapterBinding("queueAndEvents", "redis", stores.redisDefaulted(), connection.location()));
        return connection;
    }

    /** Qdrant when {@code QDRANT_CLUSTER_URL} is set, else Lucene under {@code DATA_DIR/vectors}. */
    private static VectorStore vectorStore(
            Configuration.Stores stores,
            List<AutoCloseable> open,
            List<AdapterBinding> bindings,
            List<HealthProbe> probes) {
        if (stores.qdrantUrl().isPresent()) {
            String url = stores.qdrantUrl().get();
            QdrantVectorStore store;
            try {
                store = QdrantVectorStore.connect(url, stores.qdrantApiKey().orElse(null));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            open.add(store);
            probes.add(store.healthProbe());
            bindings.add(new AdapterBinding("vectorStore", "qdrant", false, url));
            return store;
        }
        LuceneVectorStore lucene = new LuceneVectorStore(stores.vectorDirectory());
        open.add(lucene);
        bindings.add(new AdapterBinding(
                "vectorStore", "lucene", true, stores.vectorDirectory().toString()));
        return lucene;
    }

    public PostgresDatabase backend() {
        return backend;
    }

    public PostgresDatabase ingestion() {
        return ingestion;
    }

    public PostgresDatabase traces() {
        return traces;
    }

    /** The Redis connection; a {@link ConfigException} when this process did not open one. */
    public RedisConnection redis() {
        return redis.orElseThrow(
                () -> new ConfigException("the API server needs Redis for run events (REDIS_HOST, REDIS_PORT)"));
    }

    /** The process's one vector store (the RAG components and the ingestion share it). */
    public VectorStore vectorStore() {
        return vectorStore.orElseThrow(() -> new IllegalStateException("this process opened no vector store"));
    }

    /** The backend database's feed of data changes, or none when nothing may be kept. */
    public DataChanges dataChanges() {
        return dataChanges;
    }

    /** How long what runs and requests look up at their start may be kept in memory ({@code DATA_CACHE_SECONDS}). */
    public Duration dataCache() {
        return dataCache;
    }

    /** The JDBC URLs of the server's own databases (out of reach of the SQL components, ADR 0008). */
    public List<String> platformDatabaseUrls() {
        return List.of(
                backend.url().jdbcUrl(), ingestion.url().jdbcUrl(), traces.url().jdbcUrl());
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

    public List<AdapterBinding> bindings() {
        return bindings;
    }

    public List<HealthProbe> probes() {
        return probes;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(opened);
        }
    }

    private static void closeAll(List<AutoCloseable> open) {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", open.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
