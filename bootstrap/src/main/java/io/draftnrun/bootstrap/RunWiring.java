package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.ApiKeyAuthenticator;
import io.draftnrun.adapter.in.graphql.RunGraphQl;
import io.draftnrun.adapter.in.graphql.RunRestRoutes;
import io.draftnrun.adapter.out.http.GuardedOutboundHttp;
import io.draftnrun.adapter.out.jdbc.JdbcExternalSqlGateway;
import io.draftnrun.adapter.out.llm.CustomModelsFile;
import io.draftnrun.adapter.out.llm.FileModelCatalog;
import io.draftnrun.adapter.out.llm.LangChain4jChatModelProvider;
import io.draftnrun.adapter.out.llm.LangChain4jEmbeddingModelProvider;
import io.draftnrun.adapter.out.llm.LangChain4jWebSearchProvider;
import io.draftnrun.adapter.out.lucene.LuceneVectorStore;
import io.draftnrun.adapter.out.postgres.JooqRunRepository;
import io.draftnrun.adapter.out.qdrant.QdrantVectorStore;
import io.draftnrun.adapter.out.redis.RedisStreamRunEventBus;
import io.draftnrun.application.components.BuiltInComponents;
import io.draftnrun.application.components.rag.CohereRerankApi;
import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import io.draftnrun.application.components.tools.port.OutboundHttp;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.application.llm.port.WebSearchProvider;
import io.draftnrun.application.run.CancelRun;
import io.draftnrun.application.run.RunEngine;
import io.draftnrun.application.run.RunProject;
import io.draftnrun.application.run.RunQueries;
import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.runtime.ComponentServices;
import io.draftnrun.application.runtime.GraphRunner;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.application.trace.AsyncSpanWriter;
import io.draftnrun.application.trace.Tracer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Wires the run slice: components, graph runner, run engine, use cases, the GraphQL slice and the REST run route.
 * Settings: {@code RUN_TIMEOUT_SECONDS} (300), {@code RUN_MAX_PARALLEL_NODES} (nodes executing at once in the
 * process, 512), {@code RUN_MAX_PARALLEL_NODES_PER_RUN} (16), {@code RUN_EVENTS_RETENTION_SECONDS} (3600),
 * {@code RUN_EVENTS_MAX_LENGTH} (10000), {@code DEV_PROJECTS_FILE} (projects until the projects slice lands).
 * Stand-ins until the other slices land: organization secrets are empty, API keys are refused (except keys of
 * {@code DEV_PROJECTS_FILE}), spans are recorded but discarded by the writer's store.
 */
final class RunWiring {
    final ComponentRegistry registry;
    final RunEngine engine;
    final RunProject runProject;
    final RunQueries queries;
    final CancelRun cancelRun;
    final RunGraphQl graphQl;
    final RunRestRoutes rest;
    final DevProjects devProjects;

    RunWiring(Settings settings, Infrastructure infrastructure) {
        registry = BuiltInComponents.registry();
        devProjects = new DevProjects();
        settings.get("DEV_PROJECTS_FILE").ifPresent(f -> devProjects.load(Path.of(f), registry));
        ProjectGraphs projects = devProjects;

        OrganizationSecretLookup secrets = (org, name) -> Optional.empty(); // until organization secrets land
        ModelCatalog catalog = new FileModelCatalog(CustomModelsFile.loadFromWorkingDirectory());
        LlmCredentialResolver credentials = new LlmCredentialResolver(
                secrets, catalog, name -> settings.get(name).orElse(null));
        // services of the built-in components: API Call (SSRF guard, API_CALL_ALLOWED_HOSTS), SQL, web search,
        // retrieval (Qdrant when QDRANT_CLUSTER_URL is set, else Lucene under ./data/vectors), Cohere reranking
        GuardedOutboundHttp outbound = new GuardedOutboundHttp(GuardedOutboundHttp.Options.fromAllowList(
                settings.get("API_CALL_ALLOWED_HOSTS").orElse(null)));
        infrastructure.onClose(outbound);
        JdbcExternalSqlGateway sql = new JdbcExternalSqlGateway();
        infrastructure.onClose(sql);
        VectorStore vectors;
        Optional<String> qdrant = settings.get("QDRANT_CLUSTER_URL").filter(u -> !u.isBlank());
        if (qdrant.isPresent()) {
            QdrantVectorStore store = QdrantVectorStore.connect(
                    qdrant.get(), settings.get("QDRANT_API_KEY").orElse(null));
            infrastructure.onClose(store);
            vectors = store;
        } else {
            LuceneVectorStore lucene = LuceneVectorStore.atDefaultLocation();
            infrastructure.onClose(lucene);
            vectors = lucene;
        }
        ComponentServices services = ComponentServices.builder(new LangChain4jChatModelProvider(catalog), credentials)
                .with(OutboundHttp.class, outbound)
                .with(ExternalSqlGateway.class, sql)
                .with(WebSearchProvider.class, new LangChain4jWebSearchProvider())
                .with(EmbeddingModelProvider.class, new LangChain4jEmbeddingModelProvider(catalog))
                .with(VectorStore.class, vectors)
                .with(ModelCatalog.class, catalog)
                .with(Reranker.class, new CohereRerankApi(outbound, settings.get("COHERE_API_KEY"), null))
                .build();

        AsyncSpanWriter spanWriter = new AsyncSpanWriter(
                spans -> {}, Metrics.NOOP, AsyncSpanWriter.Settings.DEFAULTS); // until trace storage
        infrastructure.onClose(spanWriter);
        Tracer tracer = new Tracer(spanWriter);

        RunRepository runs = new JooqRunRepository(infrastructure.backend.dsl());
        if (infrastructure.redis == null) {
            throw new ConfigException("the API server needs Redis for run events (REDIS_HOST, REDIS_PORT)");
        }
        RedisStreamRunEventBus bus = new RedisStreamRunEventBus(
                infrastructure.redis.client(),
                settings.integer("RUN_EVENTS_MAX_LENGTH", 10_000, 100, 1_000_000),
                Duration.ofSeconds(settings.integer("RUN_EVENTS_RETENTION_SECONDS", 3600, 10, 7 * 24 * 3600)));
        infrastructure.onClose(bus);
        RunEventBus events = bus;

        GraphRunner runner = new GraphRunner(
                registry,
                services,
                secrets,
                tracer,
                settings.integer("RUN_MAX_PARALLEL_NODES", 512, 1, 100_000),
                settings.integer("RUN_MAX_PARALLEL_NODES_PER_RUN", 16, 1, 10_000),
                Clock.systemUTC());
        engine = new RunEngine(
                runner,
                runs,
                events,
                Duration.ofSeconds(settings.integer("RUN_TIMEOUT_SECONDS", 300, 1, 24 * 3600)),
                Clock.systemUTC());
        runProject = new RunProject(projects, runs, engine, Clock.systemUTC());
        queries = new RunQueries(runs, projects, events);
        cancelRun = new CancelRun(queries, engine);
        graphQl = new RunGraphQl(runProject, cancelRun, queries);
        ApiKeyAuthenticator keys = ApiKeyAuthenticator.refuseAll(); // until identity lands
        ApiKeyAuthenticator withDevKeys = key -> devProjects.apiKey(key).or(() -> keys.authenticate(key));
        rest = new RunRestRoutes(runProject, queries, withDevKeys);
    }
}
