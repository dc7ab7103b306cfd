package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.RunGraphQl;
import io.draftnrun.adapter.in.http.ApiKeyAuthenticator;
import io.draftnrun.adapter.in.http.McpServerRoutes;
import io.draftnrun.adapter.in.http.OpenAiRoutes;
import io.draftnrun.adapter.in.http.RunRestRoutes;
import io.draftnrun.adapter.out.postgres.JooqProjectGraphs;
import io.draftnrun.adapter.out.postgres.JooqProjectRepository;
import io.draftnrun.adapter.out.postgres.JooqRunInstances;
import io.draftnrun.adapter.out.postgres.JooqRunRepository;
import io.draftnrun.adapter.out.redis.RedisRunCancellations;
import io.draftnrun.adapter.out.redis.RedisStreamRunEventBus;
import io.draftnrun.adapter.out.redis.RedisStreamRunQueue;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
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
 * Settings: {@link Configuration.Runs}.
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
            Configuration configuration,
            Infrastructure infrastructure,
            Lifecycle lifecycle,
            ComponentRegistry registry,
            Tracing tracing,
            OrganizationUseCases organization) {
        // read by every run before it starts: kept while the database announces changes (saves, deploys...)
        Configuration.Runs settings = configuration.runs();
        ProjectGraphs projects = new CachedProjectGraphs(
                new JooqProjectGraphs(infrastructure.backend().dsl()),
                infrastructure.dataChanges(),
                Clock.systemUTC(),
                infrastructure.dataCache());
        OrganizationSecretLookup secrets = organization.secrets()::plaintext;
        Tracer tracer = tracing.tracer();

        // a waiting caller's run is written once, at its end, unless it is still going after RUN_INSERT_DELAY_MS
        WriteBehindRunRepository runs = new WriteBehindRunRepository(
                new JooqRunRepository(infrastructure.backend().dsl()), settings.insertDelay(), Clock.systemUTC());
        RedisStreamRunEventBus bus = new RedisStreamRunEventBus(
                infrastructure.redis().client(), settings.eventsMaxLength(), settings.eventsRetention());
        lifecycle.onClose(bus);
        RunEventBus events = bus;
        // listens to cancellations from every instance now, before this instance serves requests
        RedisRunCancellations cancellations =
                new RedisRunCancellations(infrastructure.redis().client());
        lifecycle.onClose(cancellations);
        RedisStreamRunQueue queue =
                new RedisStreamRunQueue(infrastructure.redis().client(), settings.queueName());
        Duration timeout = settings.timeout();
        InstanceId instance = InstanceId.random();
        RunEnds ends = new RunEnds(events, tracing.tracer());
        reaper = new RunReaper(
                        runs,
                        new JooqRunInstances(infrastructure.backend().dsl()),
                        ends,
                        instance,
                        new RunReaper.Settings(
                                settings.heartbeat(), settings.silence(), timeout, settings.reaperGrace()),
                        Whereabouts.ofThisProcess(),
                        Clock.systemUTC())
                .start();
        lifecycle.onClose(reaper); // after the runs are written: forgets this instance, fails those it abandons
        lifecycle.onClose(runs); // before Redis, the reaper and the pools: stores the runs still in memory

        GraphRunner runner = new GraphRunner(
                registry,
                configuration.projects().releaseStages(),
                secrets,
                tracer,
                settings.maxParallelNodes(),
                settings.maxParallelNodesPerRun(),
                Clock.systemUTC());
        engine = new RunEngine(runner, runs, events, timeout, Clock.systemUTC(), instance);
        runProject = new RunProject(projects, runs, engine, queue, Clock.systemUTC());
        queries = new RunQueries(runs, projects, events);
        cancelRun = new CancelRun(
                queries,
                engine,
                cancellations,
                runs,
                new JooqRunInstances(infrastructure.backend().dsl()),
                ends,
                settings.silence(),
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
                        settings.maxConcurrentAsyncRuns(),
                        settings.queueReclaimIdle(),
                        Clock.systemUTC())
                .start();
        lifecycle.onClose(worker); // first: stops taking queued runs
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
                new JooqProjectRepository(infrastructure.backend().dsl()),
                configuration.projects().templates());
        openAi = new OpenAiRoutes(runProject, keyProjects, keys);
        mcp = new McpServerRoutes(runProject, keyProjects, keys, String.valueOf(Version.current()));
    }
}
