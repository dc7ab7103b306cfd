package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.KnowledgeGraphQl;
import io.draftnrun.adapter.in.http.DocumentDownloadRoutes;
import io.draftnrun.adapter.in.http.HttpService;
import io.draftnrun.adapter.in.worker.IngestionWorker;
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
import io.draftnrun.application.knowledge.DatabaseIngestion;
import io.draftnrun.application.knowledge.DocumentWriter;
import io.draftnrun.application.knowledge.DownloadDocument;
import io.draftnrun.application.knowledge.FileIngestion;
import io.draftnrun.application.knowledge.IngestionProgress;
import io.draftnrun.application.knowledge.KnowledgeUseCases;
import io.draftnrun.application.knowledge.ProcessIngestionTask;
import io.draftnrun.application.knowledge.RequeuePendingTasks;
import io.draftnrun.application.knowledge.SignedDocumentLinks;
import io.draftnrun.application.knowledge.SourceChunkers;
import io.draftnrun.application.knowledge.SourceIndexDirectory;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    private final Configuration.Knowledge settings;
    private final VectorStore vectors;
    private final BlobStore blobs;
    private final EmbeddingModelProvider embeddings;
    private final JooqSourceRepository sources;
    private final JooqIngestionTaskRepository tasks;
    private final JooqChunkRepository chunks;
    private final RedisStreamIngestionQueue queue;
    private final RedisIngestionUpdates updates;
    private final ProcessIngestionTask pipeline;
    private final KnowledgeUseCases useCases;
    private final java.util.concurrent.atomic.AtomicReference<String> publicBaseUrl =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Optional<SignedDocumentLinks> signedLinks;
    private final DocumentLinks documentLinks;
    private volatile IngestionWorker worker;
    private final List<AdapterBinding> bindings = new ArrayList<>();
    private final List<HealthProbe> probes = new ArrayList<>();

    private KnowledgeWiring(Configuration configuration, Infrastructure infrastructure, Lifecycle lifecycle) {
        this.settings = configuration.knowledge();
        this.vectors = infrastructure.vectorStore(); // one per process: the RAG components share it
        this.blobs = blobStore(settings, lifecycle);
        Duration linkTtl = settings.documentLinkTtl();
        configuration.server().publicUrl().ifPresent(url -> publicBaseUrl.set(url.toString()));
        this.signedLinks = configuration
                .identity()
                .backendSecret()
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
        bindings.add(new AdapterBinding(
                "embeddings", "langchain4j", true, "default " + CreateSource.DEFAULT_EMBEDDING_MODEL + " in process"));
        this.sources = new JooqSourceRepository(infrastructure.backend().dsl());
        this.tasks = new JooqIngestionTaskRepository(infrastructure.backend().dsl());
        this.chunks = new JooqChunkRepository(infrastructure.ingestion().dsl());
        this.queue = new RedisStreamIngestionQueue(infrastructure.redis().client(), settings.queueName());
        this.updates = new RedisIngestionUpdates(infrastructure.redis().client(), "ada_ingestion_updates");
        this.useCases = KnowledgeUseCases.create(
                new KnowledgeUseCases.Ports(sources, tasks, chunks, blobs, vectors, embeddings, queue, updates),
                Clock.systemUTC());
        OrganizationSecretLookup secrets = secrets(configuration.identity(), infrastructure);
        LlmCredentialResolver credentials =
                new LlmCredentialResolver(secrets, catalog, configuration.models()::variable);
        IngestionProgress progress = new IngestionProgress(tasks, updates, Clock.systemUTC());
        SourceChunkers chunkers = new SourceChunkers(new JtokkitTokenCounter(), ChunkingOptions.DEFAULT);
        // progress within a file at most once a second: enough for a progress bar, and a save per batch (a write
        // and an announcement) took CPU from the model (issue 17)
        DocumentWriter writer = new DocumentWriter(
                chunks,
                embeddings,
                credentials,
                vectors,
                progress,
                settings.embeddingBatchSize(),
                java.time.Duration.ofSeconds(1));
        this.pipeline = new ProcessIngestionTask(
                sources,
                progress,
                new FileIngestion(blobs, new MultiFormatDocumentParser(), chunks, chunkers, writer, progress),
                new DatabaseIngestion(
                        rowReader(configuration.sql(), infrastructure, lifecycle),
                        secrets,
                        chunks,
                        chunkers,
                        writer,
                        progress));
    }

    /** Builds the slice's adapters on {@code infrastructure}; {@code lifecycle} closes them (and the worker). */
    static KnowledgeWiring create(Configuration configuration, Infrastructure infrastructure, Lifecycle lifecycle) {
        return lifecycle.onClose(new KnowledgeWiring(configuration, infrastructure, lifecycle));
    }

    /** Which adapter serves the slice's own ports (files, embeddings), for {@code serverInfo}. */
    public List<AdapterBinding> bindings() {
        return List.copyOf(bindings);
    }

    /** Health of the slice's own adapters (file storage). */
    public List<HealthProbe> probes() {
        return List.copyOf(probes);
    }

    /** The GraphQL slice (sources, uploads, tasks, updates). */
    public KnowledgeGraphQl slice() {
        return new KnowledgeGraphQl(new KnowledgeGraphQl.UseCases(
                useCases.queries(),
                useCases.createSource(),
                useCases.deleteSource(),
                useCases.uploadFiles(),
                useCases.ingestSource(),
                useCases.updateSourceChunking()));
    }

    /** For the RAG components: a source's collection, embedding model and vector size. */
    public SourceIndexDirectory sourceIndexes() {
        return useCases.sourceIndexes();
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
            worker = new IngestionWorker(
                            queue,
                            pipeline,
                            new RequeuePendingTasks(tasks, queue, Clock.systemUTC()),
                            settings.worker(),
                            metrics)
                    .start();
        }
        return worker;
    }

    /** The upload use case as the GraphQL slice runs it (blob store, task row, queue), for the benchmark. */
    public UploadFiles uploadFiles() {
        return useCases.uploadFiles();
    }

    /** The source-creating use case, for the benchmark. */
    public CreateSource createSource() {
        return useCases.createSource();
    }

    /** The queries the GraphQL slice runs (a task's updates as a subscriber sees them), for the benchmark. */
    public io.draftnrun.application.knowledge.KnowledgeQueries queries() {
        return useCases.queries();
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
    private static JdbcSourceRowReader rowReader(
            Configuration.SqlGuard guard, Infrastructure infrastructure, Lifecycle lifecycle) {
        return lifecycle.onClose(new JdbcSourceRowReader(
                guard.options(
                        JdbcExternalSqlGateway.Options.defaults().withPool(Duration.ofMinutes(5), 2),
                        infrastructure.platformDatabaseUrls()),
                Duration.ofSeconds(60)));
    }

    /** Decrypted organization secrets (provider keys); none readable without {@code FERNET_KEY}. */
    private static OrganizationSecretLookup secrets(Configuration.Identity identity, Infrastructure infrastructure) {
        Optional<String> fernet = identity.fernetKey();
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
        return new OrganizationSecrets(
                new JooqOrganizationSecretRepository(infrastructure.backend().dsl()), cipher)::plaintext;
    }

    private BlobStore blobStore(Configuration.Knowledge settings, Lifecycle lifecycle) {
        BlobStore store;
        if (settings.s3().isPresent()) {
            S3Settings s3 = settings.s3().get();
            S3BlobStore s3Store = lifecycle.onClose(S3BlobStore.create(s3));
            bindings.add(new AdapterBinding(
                    "blobStore",
                    "s3",
                    false,
                    s3.endpoint().map(u -> u.getHost() + ":" + u.getPort()).orElse("aws") + "/" + s3.bucket()));
            store = s3Store;
        } else {
            LocalFileBlobStore local = new LocalFileBlobStore(settings.fileDirectory());
            bindings.add(new AdapterBinding(
                    "blobStore", "local-files", true, settings.fileDirectory().toString()));
            store = local;
        }
        BlobStore probed = store;
        probes.add(new HealthProbe() {
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
