package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.RunGraphQl;
import io.draftnrun.adapter.in.http.ApiKeyAuthenticator;
import io.draftnrun.adapter.in.http.McpServerRoutes;
import io.draftnrun.adapter.in.http.OpenAiRoutes;
import io.draftnrun.adapter.in.http.RunRestRoutes;
import io.draftnrun.adapter.out.http.CohereRerankClient;
import io.draftnrun.adapter.out.http.GuardedMcpClient;
import io.draftnrun.adapter.out.http.GuardedOutboundHttp;
import io.draftnrun.adapter.out.jdbc.JdbcExternalSqlGateway;
import io.draftnrun.adapter.out.llm.LangChain4jChatModelProvider;
import io.draftnrun.adapter.out.llm.LangChain4jEmbeddingModelProvider;
import io.draftnrun.adapter.out.llm.LangChain4jWebSearchProvider;
import io.draftnrun.adapter.out.postgres.JooqProjectGraphs;
import io.draftnrun.adapter.out.postgres.JooqProjectRepository;
import io.draftnrun.adapter.out.postgres.JooqRunInstances;
import io.draftnrun.adapter.out.postgres.JooqRunRepository;
import io.draftnrun.adapter.out.redis.RedisRunCancellations;
import io.draftnrun.adapter.out.redis.RedisStreamRunEventBus;
import io.draftnrun.adapter.out.redis.RedisStreamRunQueue;
import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import io.draftnrun.application.components.tools.port.McpToolServers;
import io.draftnrun.application.components.tools.port.OutboundHttp;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.application.llm.port.WebSearchProvider;
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.project.ProjectQueries;
import io.draftnrun.application.run.CachedProjectGraphs;
import io.draftnrun.application.run.CancelRun;
import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.RetryRun;
import io.draftnrun.application.run.RunEnds;
import io.draftnrun.application.run.RunEngine;
import io.draftnrun.application.run.RunProject;
import io.draftnrun.application.run.RunQueries;
import io.draftnrun.application.run.RunQueueWorker;
import io.draftnrun.application.run.RunReaper;
import io.draftnrun.application.run.WriteBehindRunRepository;
import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.runtime.ComponentServices;
import io.draftnrun.application.runtime.GraphRunner;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Wires the run slice: graph runner, run engine, use cases, the GraphQL slice and the REST run route, on the real
 * project repository, organization secrets (decrypted only for the run), API keys and tracer; run events, cancellation
 * requests and the queue of runs accepted without waiting cross server instances through Redis; this instance
 * registers, beats and reaps abandoned runs ({@link RunReaper}) and executes queued runs ({@link RunQueueWorker}).
 * Settings: {@code RUN_TIMEOUT_SECONDS} (300), {@code RUN_MAX_PARALLEL_NODES} (nodes executing at once in the
 * process, 512), {@code RUN_MAX_PARALLEL_NODES_PER_RUN} (16), {@code RUN_EVENTS_RETENTION_SECONDS} (3600),
 * {@code RUN_EVENTS_MAX_LENGTH} (10000), {@code MAX_CONCURRENT_ASYNC_RUNS} (32), {@code RUN_QUEUE_NAME},
 * {@code RUN_QUEUE_RECLAIM_IDLE_SECONDS} (30), {@code INSTANCE_HEARTBEAT_SECONDS} (5),
 * {@code INSTANCE_SILENCE_SECONDS} (30), {@code RUN_REAPER_GRACE_SECONDS} (60).
 */
final class RunWiring {
    final RunEngine engine;
    final RunProject runProject;
    final RunQueries queries;
    final CancelRun cancelRun;
    final RetryRun retryRun;
    final RunReaper reaper;
    final RunQueueWorker worker;
    final RunGraphQl graphQl;
    final RunRestRoutes rest;
    /** {@code /v1/chat/completions} and {@code /v1/models} (ADR 0020). */
    final OpenAiRoutes openAi;
    /** {@code /projects/{projectId}/{env}/mcp}: each project as an MCP server (ADR 0020). */
    final McpServerRoutes mcp;

    RunWiring(
            Settings settings,
            Infrastructure infrastructure,
            ComponentRegistry registry,
            ModelCatalog catalog,
            Tracing tracing,
            OrganizationUseCases organization,
            io.draftnrun.application.knowledge.SourceIndexDirectory sourceIndexes,
            io.draftnrun.application.knowledge.port.DocumentLinks documentLinks) {
        // read by every run before it starts: kept while the database announces changes (saves, deploys...)
        ProjectGraphs projects = new CachedProjectGraphs(
                new JooqProjectGraphs(infrastructure.backend.dsl()),
                infrastructure.dataChanges(settings),
                Clock.systemUTC(),
                Infrastructure.dataCacheFor(settings));
        OrganizationSecretLookup secrets = organization.secrets()::plaintext;
        LlmCredentialResolver credentials = new LlmCredentialResolver(
                secrets, catalog, name -> settings.get(name).orElse(null));
        // services of the built-in components: API Call (SSRF guard, API_CALL_ALLOWED_HOSTS), SQL (guards of
        // ADR 0008: SQL_ALLOWED_HOSTS, SQL_MAX_CELL_BYTES, SQL_MAX_RESULT_BYTES), web search,
        // retrieval (the process's one vector store), Cohere reranking
        GuardedOutboundHttp outbound = new GuardedOutboundHttp(GuardedOutboundHttp.Options.fromAllowList(
                settings.get("API_CALL_ALLOWED_HOSTS").orElse(null)));
        infrastructure.onClose(outbound);
        JdbcExternalSqlGateway sql = new JdbcExternalSqlGateway(SqlGuardSettings.options(
                settings,
                JdbcExternalSqlGateway.Options.defaults(),
                SqlGuardSettings.platformDatabases(infrastructure)));
        infrastructure.onClose(sql);
        ComponentServices services = ComponentServices.builder(new LangChain4jChatModelProvider(catalog), credentials)
                .with(OutboundHttp.class, outbound)
                .with(McpToolServers.class, new GuardedMcpClient(outbound))
                .with(ExternalSqlGateway.class, sql)
                .with(WebSearchProvider.class, new LangChain4jWebSearchProvider())
                .with(EmbeddingModelProvider.class, new LangChain4jEmbeddingModelProvider(catalog))
                .with(VectorStore.class, infrastructure.vectorStore(settings))
                .with(ModelCatalog.class, catalog)
                .with(io.draftnrun.application.knowledge.port.DocumentLinks.class, documentLinks)
                .with(Reranker.class, new CohereRerankClient(outbound, settings.get("COHERE_API_KEY"), null))
                .with(
                        io.draftnrun.application.components.rag.port.KnowledgeSources.class,
                        (org, sourceId) -> sourceIndexes
                                .find(org, sourceId)
                                .map(e -> new io.draftnrun.application.components.rag.SourceIndex(
                                        e.collection(),
                                        io.draftnrun.domain.llm.ModelReference.parse(e.embeddingModelReference()),
                                        e.dimensions(),
                                        io.draftnrun.application.components.rag.SourceIndex.PayloadFields.INGESTED)))
                .build();
        Tracer tracer = tracing.tracer();

        // a waiting caller's run is written once, at its end, unless it is still going after RUN_INSERT_DELAY_MS
        WriteBehindRunRepository runs = new WriteBehindRunRepository(
                new JooqRunRepository(infrastructure.backend.dsl()),
                Duration.ofMillis(settings.integer("RUN_INSERT_DELAY_MS", 250, 0, 60_000)),
                Clock.systemUTC());
        if (infrastructure.redis == null) {
            throw new ConfigException("the API server needs Redis for run events (REDIS_HOST, REDIS_PORT)");
        }
        RedisStreamRunEventBus bus = new RedisStreamRunEventBus(
                infrastructure.redis.client(),
                settings.integer("RUN_EVENTS_MAX_LENGTH", 10_000, 100, 1_000_000),
                Duration.ofSeconds(settings.integer("RUN_EVENTS_RETENTION_SECONDS", 3600, 10, 7 * 24 * 3600)));
        infrastructure.onClose(bus);
        RunEventBus events = bus;
        // listens to cancellations from every instance now, before this instance serves requests
        RedisRunCancellations cancellations = new RedisRunCancellations(infrastructure.redis.client());
        infrastructure.onClose(cancellations);
        RedisStreamRunQueue queue = new RedisStreamRunQueue(
                infrastructure.redis.client(), settings.string("RUN_QUEUE_NAME", RedisStreamRunQueue.DEFAULT_STREAM));
        Duration timeout = Duration.ofSeconds(settings.integer("RUN_TIMEOUT_SECONDS", 300, 1, 24 * 3600));
        int heartbeat = settings.integer("INSTANCE_HEARTBEAT_SECONDS", 5, 1, 3600);
        int silence = settings.integer("INSTANCE_SILENCE_SECONDS", 30, 2, 24 * 3600);
        if (silence <= heartbeat) {
            throw new ConfigException(
                    "INSTANCE_SILENCE_SECONDS must be greater than INSTANCE_HEARTBEAT_SECONDS (" + heartbeat + ")");
        }
        InstanceId instance = InstanceId.random();
        RunEnds ends = new RunEnds(events, tracing.tracer());
        reaper = new RunReaper(
                        runs,
                        new JooqRunInstances(infrastructure.backend.dsl()),
                        ends,
                        instance,
                        new RunReaper.Settings(
                                Duration.ofSeconds(heartbeat),
                                Duration.ofSeconds(silence),
                                timeout,
                                Duration.ofSeconds(settings.integer("RUN_REAPER_GRACE_SECONDS", 60, 0, 24 * 3600))),
                        Whereabouts.ofThisProcess(),
                        Clock.systemUTC())
                .start();
        infrastructure.onClose(reaper); // after the runs are written: forgets this instance, fails those it abandons
        infrastructure.onClose(runs); // before Redis, the reaper and the pools: stores the runs still in memory

        GraphRunner runner = new GraphRunner(
                registry,
                ProjectWiring.releaseStages(settings),
                services,
                secrets,
                tracer,
                settings.integer("RUN_MAX_PARALLEL_NODES", 512, 1, 100_000),
                settings.integer("RUN_MAX_PARALLEL_NODES_PER_RUN", 16, 1, 10_000),
                Clock.systemUTC());
        engine = new RunEngine(runner, runs, events, timeout, Clock.systemUTC(), instance);
        runProject = new RunProject(projects, runs, engine, queue, Clock.systemUTC());
        queries = new RunQueries(runs, projects, events);
        cancelRun = new CancelRun(
                queries,
                engine,
                cancellations,
                runs,
                new JooqRunInstances(infrastructure.backend.dsl()),
                ends,
                Duration.ofSeconds(silence),
                Duration.ofSeconds(3),
                Clock.systemUTC());
        retryRun = new RetryRun(queries, runProject);
        graphQl = new RunGraphQl(runProject, cancelRun, queries, retryRun);
        worker = new RunQueueWorker(
                        queue,
                        runs,
                        projects,
                        engine,
                        ends,
                        settings.integer("MAX_CONCURRENT_ASYNC_RUNS", 32, 1, 10_000),
                        Duration.ofSeconds(settings.integer("RUN_QUEUE_RECLAIM_IDLE_SECONDS", 30, 1, 24 * 3600)),
                        Clock.systemUTC())
                .start();
        infrastructure.onClose(worker); // first: stops taking queued runs
        tracing.metrics()
                .runQueue(
                        queue::depth,
                        () -> queue.oldest()
                                .map(t -> Math.max(
                                        0,
                                        Duration.between(t, java.time.Instant.now())
                                                        .toMillis()
                                                / 1000.0))
                                .orElse(0.0));
        ApiKeyAuthenticator keys = key -> {
            try {
                return Optional.of(organization.authenticateApiKey().handle(key));
            } catch (DomainException e) {
                if (e.code() == io.draftnrun.domain.shared.ErrorCode.UNAVAILABLE) {
                    throw e; // an outage is not a wrong key (503, not 401)
                }
                return Optional.empty();
            }
        };
        rest = new RunRestRoutes(runProject, queries, keys);
        ProjectQueries keyProjects = new ProjectQueries(
                new JooqProjectRepository(infrastructure.backend.dsl()), ProjectWiring.templates(settings));
        openAi = new OpenAiRoutes(runProject, keyProjects, keys);
        mcp = new McpServerRoutes(runProject, keyProjects, keys, String.valueOf(Version.current()));
    }
}
