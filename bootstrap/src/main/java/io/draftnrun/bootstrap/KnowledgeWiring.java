package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.KnowledgeGraphQl;
import io.draftnrun.adapter.in.http.DocumentDownloadRoutes;
import io.draftnrun.adapter.in.http.HttpService;
import io.draftnrun.adapter.out.documents.JtokkitTokenCounter;
import io.draftnrun.adapter.out.documents.MultiFormatDocumentParser;
import io.draftnrun.adapter.out.jdbc.JdbcExternalSqlGateway;
import io.draftnrun.adapter.out.jdbc.JdbcSourceRowReader;
import io.draftnrun.adapter.out.llm.CustomModelsFile;
import io.draftnrun.adapter.out.llm.FileModelCatalog;
import io.draftnrun.adapter.out.llm.LangChain4jEmbeddingModelProvider;
import io.draftnrun.adapter.out.postgres.JooqOrganizationSecretRepository;
import io.draftnrun.adapter.out.postgres.knowledge.JooqChunkRepository;
import io.draftnrun.adapter.out.postgres.knowledge.JooqIngestionTaskRepository;
import io.draftnrun.adapter.out.postgres.knowledge.JooqSourceRepository;
import io.draftnrun.adapter.out.redis.RedisIngestionUpdates;
import io.draftnrun.adapter.out.redis.RedisStreamIngestionQueue;
import io.draftnrun.adapter.out.s3.LocalFileBlobStore;
import io.draftnrun.adapter.out.s3.S3BlobStore;
import io.draftnrun.adapter.out.s3.S3Settings;
import io.draftnrun.adapter.out.security.FernetSecretCipher;
import io.draftnrun.application.knowledge.BlobKey;
import io.draftnrun.application.knowledge.CreateSource;
import io.draftnrun.application.knowledge.DeleteSource;
import io.draftnrun.application.knowledge.DownloadDocument;
import io.draftnrun.application.knowledge.IngestSource;
import io.draftnrun.application.knowledge.IngestionPipeline;
import io.draftnrun.application.knowledge.IngestionWorker;
import io.draftnrun.application.knowledge.KnowledgeQueries;
import io.draftnrun.application.knowledge.SignedDocumentLinks;
import io.draftnrun.application.knowledge.SourceIndexDirectory;
import io.draftnrun.application.knowledge.UpdateSourceChunking;
import io.draftnrun.application.knowledge.UploadFiles;
import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.application.knowledge.port.DocumentLinks;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.application.organization.OrganizationSecrets;
import io.draftnrun.application.shared.AdapterBinding;
import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.port.HealthProbe;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the knowledge slice, shared by {@code dev}, {@code serve} and {@code worker}. Adapters from configuration:
 * vector store Lucene under {@code DATA_DIR/vectors} unless {@code QDRANT_CLUSTER_URL} (+ {@code QDRANT_API_KEY});
 * files under {@code DATA_DIR/files} unless {@code S3_BUCKET_NAME} (+ {@code S3_ENDPOINT_URL},
 * {@code S3_ACCESS_KEY_ID}, {@code S3_SECRET_ACCESS_KEY}, {@code S3_REGION_NAME}); embeddings through langchain4j
 * (in-process MiniLM by default, {@code custom_models.json}); queue on the Redis stream {@code REDIS_QUEUE_NAME}
 * (default {@code ada_ingestion_queue}); database sources read over read-only JDBC ({@code JdbcSourceRowReader}), their
 * URL from the organization secret they name. Worker settings: {@code MAX_CONCURRENT_INGESTIONS} (2),
 * {@code INGESTION_RECLAIM_IDLE_SECONDS} (120), {@code INGESTION_SWEEP_AFTER_SECONDS} (300),
 * {@code EMBEDDING_BATCH_SIZE} (32), {@code INGESTION_STOP_GRACE_SECONDS} (20). Cited documents open through links
 * valid {@code DOCUMENT_LINK_TTL_SECONDS} (3600): presigned on S3, signed with a key derived from
 * {@code BACKEND_SECRET_KEY} for local files and served by {@code GET /files/download}.
 */
public final class KnowledgeWiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeWiring.class);

    private final Settings settings;
    private final VectorStore vectors;
    private final BlobStore blobs;
    private final EmbeddingModelProvider embeddings;
    private final JooqSourceRepository sources;
    private final JooqIngestionTaskRepository tasks;
    private final JooqChunkRepository chunks;
    private final RedisStreamIngestionQueue queue;
    private final RedisIngestionUpdates updates;
    private final IngestionPipeline pipeline;
    private final java.util.concurrent.atomic.AtomicReference<String> publicBaseUrl =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Optional<SignedDocumentLinks> signedLinks;
    private final DocumentLinks documentLinks;
    private volatile IngestionWorker worker;

    private KnowledgeWiring(Settings settings, Infrastructure infrastructure) {
        this.settings = settings;
        Path data = Path.of(settings.string("DATA_DIR", "data")).toAbsolutePath();
        this.vectors = infrastructure.vectorStore(settings); // one per process: the RAG components share it
        this.blobs = blobStore(settings, infrastructure, data);
        Duration linkTtl = Duration.ofSeconds(settings.integer("DOCUMENT_LINK_TTL_SECONDS", 3600, 1, 604_800));
        settings.httpUrl("ADA_URL").ifPresent(url -> publicBaseUrl.set(url.toString()));
        this.signedLinks = settings.get("BACKEND_SECRET_KEY")
                .filter(secret -> !secret.isBlank())
                .map(secret -> new SignedDocumentLinks(
                        new io.draftnrun.adapter.out.security.HmacMessageSigner(
                                secret, "draftnrun document download links v1"),
                        publicBaseUrl::get,
                        linkTtl,
                        Clock.systemUTC()));
        if (blobs instanceof S3BlobStore s3) {
            this.documentLinks = (key, name) -> s3.presignedDownload(key, name, linkTtl);
        } else {
            this.documentLinks = (key, name) -> signedLinks.flatMap(l -> l.link(key, name));
        }
        FileModelCatalog catalog = new FileModelCatalog(CustomModelsFile.loadFromWorkingDirectory());
        this.embeddings = new LangChain4jEmbeddingModelProvider(catalog);
        infrastructure.addBinding(new AdapterBinding(
                "embeddings", "langchain4j", true, "default " + CreateSource.DEFAULT_EMBEDDING_MODEL + " in process"));
        this.sources = new JooqSourceRepository(infrastructure.backend.dsl());
        this.tasks = new JooqIngestionTaskRepository(infrastructure.backend.dsl());
        this.chunks = new JooqChunkRepository(infrastructure.ingestion.dsl());
        this.queue = new RedisStreamIngestionQueue(
                infrastructure.redis.client(),
                settings.string("REDIS_QUEUE_NAME", RedisStreamIngestionQueue.DEFAULT_STREAM));
        this.updates = new RedisIngestionUpdates(infrastructure.redis.client(), "ada_ingestion_updates");
        OrganizationSecretLookup secrets = secrets(settings, infrastructure);
        LlmCredentialResolver credentials = new LlmCredentialResolver(
                secrets, catalog, name -> settings.get(name).orElse(null));
        this.pipeline = new IngestionPipeline(
                new IngestionPipeline.Ports(
                        sources,
                        tasks,
                        chunks,
                        blobs,
                        new MultiFormatDocumentParser(),
                        new JtokkitTokenCounter(),
                        embeddings,
                        credentials,
                        vectors,
                        updates,
                        rowReader(settings, infrastructure),
                        secrets),
                ChunkingOptions.DEFAULT,
                settings.integer("EMBEDDING_BATCH_SIZE", 32, 1, 1024),
                Clock.systemUTC());
    }

    /** Builds the slice's adapters and registers their bindings, probes and closing on {@code infrastructure}. */
    public static KnowledgeWiring create(Settings settings, Infrastructure infrastructure) {
        KnowledgeWiring wiring = new KnowledgeWiring(settings, infrastructure);
        infrastructure.onClose(wiring);
        return wiring;
    }

    /** The GraphQL slice (sources, uploads, tasks, updates). */
    public KnowledgeGraphQl slice() {
        Clock clock = Clock.systemUTC();
        return new KnowledgeGraphQl(new KnowledgeGraphQl.UseCases(
                new KnowledgeQueries(sources, tasks, updates, chunks),
                new CreateSource(sources, vectors, embeddings, clock),
                new DeleteSource(sources, vectors, chunks, blobs),
                new UploadFiles(sources, blobs, tasks, queue, updates, clock),
                new IngestSource(sources, tasks, queue, updates, clock),
                new UpdateSourceChunking(sources, clock)));
    }

    /** For the RAG components: a source's collection, embedding model and vector size. */
    public SourceIndexDirectory sourceIndexes() {
        return new SourceIndexDirectory(sources);
    }

    /** Links to cited documents: presigned on S3, signed by this server for local files (see {@link #downloads}). */
    public DocumentLinks documentLinks() {
        return documentLinks;
    }

    /**
     * The server's public URL for the links it signs: {@code ADA_URL} when set, else the address the server listens
     * on (set once it started).
     */
    public void listeningAt(java.net.URI baseUrl) {
        publicBaseUrl.compareAndSet(null, baseUrl.toString());
    }

    /** The route serving signed links of local files; none on S3 (its presigned links go to the bucket). */
    public List<HttpService> downloadRoutes() {
        if (blobs instanceof S3BlobStore || signedLinks.isEmpty()) {
            return List.of();
        }
        return List.of(new DocumentDownloadRoutes(new DownloadDocument(signedLinks.get(), blobs)));
    }

    public VectorStore vectorStore() {
        return vectors;
    }

    public EmbeddingModelProvider embeddings() {
        return embeddings;
    }

    /** Starts an ingestion worker consuming the queue in this process. */
    public synchronized IngestionWorker startWorker(Metrics metrics) {
        if (worker == null) {
            String consumer = settings.string(
                    "WORKER_NAME",
                    "worker-" + ProcessHandle.current().pid() + "-"
                            + UUID.randomUUID().toString().substring(0, 8));
            IngestionWorker.Settings workerSettings = new IngestionWorker.Settings(
                    consumer,
                    settings.integer("MAX_CONCURRENT_INGESTIONS", 2, 1, 64),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(settings.integer("INGESTION_RECLAIM_IDLE_SECONDS", 120, 1, 86_400)),
                    Duration.ofSeconds(settings.integer("INGESTION_SWEEP_AFTER_SECONDS", 300, 1, 86_400)),
                    5,
                    Duration.ofSeconds(settings.integer("INGESTION_STOP_GRACE_SECONDS", 20, 0, 3600)));
            worker = new IngestionWorker(queue, pipeline, tasks, workerSettings, metrics, Clock.systemUTC()).start();
        }
        return worker;
    }

    /** The upload use case as the GraphQL slice runs it (blob store, task row, queue), for the benchmark. */
    public UploadFiles uploadFiles() {
        return new UploadFiles(sources, blobs, tasks, queue, updates, Clock.systemUTC());
    }

    /** The source-creating use case, for the benchmark. */
    public CreateSource createSource() {
        return new CreateSource(sources, vectors, embeddings, Clock.systemUTC());
    }

    /** The ingestion tasks, for the benchmark. */
    public io.draftnrun.application.knowledge.port.IngestionTaskRepository tasks() {
        return tasks;
    }

    /** The in-process worker, if one was started. */
    public Optional<IngestionWorker> worker() {
        return Optional.ofNullable(worker);
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    /**
     * Rows of database sources: read-only JDBC with the SQL components' guards and settings (ADR 0008), its own small
     * pools (2 connections per database, closed after 5 idle minutes), 60 s per page query.
     */
    private static JdbcSourceRowReader rowReader(Settings settings, Infrastructure infrastructure) {
        JdbcSourceRowReader reader = new JdbcSourceRowReader(
                SqlGuardSettings.options(
                        settings,
                        JdbcExternalSqlGateway.Options.defaults().withPool(Duration.ofMinutes(5), 2),
                        SqlGuardSettings.platformDatabases(infrastructure)),
                Duration.ofSeconds(60));
        infrastructure.onClose(reader);
        return reader;
    }

    /** Decrypted organization secrets (provider keys); none readable without {@code FERNET_KEY}. */
    private static OrganizationSecretLookup secrets(Settings settings, Infrastructure infrastructure) {
        Optional<String> fernet = settings.get("FERNET_KEY");
        if (fernet.isEmpty()) {
            LOG.warn("FERNET_KEY is not set: ingestion cannot read organization secrets (provider API keys)");
            return (organization, name) -> Optional.empty();
        }
        FernetSecretCipher cipher;
        try {
            cipher = new FernetSecretCipher(fernet.get());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new OrganizationSecrets(new JooqOrganizationSecretRepository(infrastructure.backend.dsl()), cipher)
                ::plaintext;
    }

    private static BlobStore blobStore(Settings settings, Infrastructure infrastructure, Path data) {
        Optional<String> bucket = settings.get("S3_BUCKET_NAME").filter(v -> !v.isBlank());
        BlobStore store;
        if (bucket.isPresent()) {
            S3Settings s3;
            try {
                s3 = S3Settings.of(
                        settings.string("S3_ENDPOINT_URL", ""),
                        settings.string("S3_ACCESS_KEY_ID", ""),
                        settings.string("S3_SECRET_ACCESS_KEY", ""),
                        bucket.get(),
                        settings.string("S3_REGION_NAME", ""));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            S3BlobStore s3Store = S3BlobStore.create(s3);
            infrastructure.onClose(s3Store);
            infrastructure.addBinding(new AdapterBinding(
                    "blobStore",
                    "s3",
                    false,
                    s3.endpoint().map(u -> u.getHost() + ":" + u.getPort()).orElse("aws") + "/" + bucket.get()));
            store = s3Store;
        } else {
            LocalFileBlobStore local = new LocalFileBlobStore(data.resolve("files"));
            infrastructure.addBinding(new AdapterBinding(
                    "blobStore", "local-files", true, data.resolve("files").toString()));
            store = local;
        }
        BlobStore probed = store;
        infrastructure.addProbe(new HealthProbe() {
            @Override
            public String name() {
                return "blobStore";
            }

            @Override
            public HealthStatus check() {
                try {
                    probed.exists(BlobKey.of("health/probe"));
                    return HealthStatus.ok();
                } catch (RuntimeException e) {
                    return HealthStatus.down("file storage unreachable");
                }
            }
        });
        return store;
    }
}
