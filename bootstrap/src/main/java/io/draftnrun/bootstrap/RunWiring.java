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
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.project.ProjectQueries;
import io.draftnrun.application.run.CachedProjectGraphs;
import io.draftnrun.application.run.InstanceId;
import io.draftnrun.application.run.RunUseCases;
import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Wires the run slice ({@link RunUseCases}) on the real adapters: the project graphs (cached while the database
 * announces changes), the run store, organization secrets (decrypted only for the run) and the tracer; run events,
 * cancellation requests and the queue of runs accepted without waiting cross server instances through Redis. Then the
 * inbound adapters: the GraphQL slice, the REST run route, the OpenAI-compatible and MCP routes, on API keys. Settings:
 * {@link Configuration.Runs}.
 */
final class RunWiring {
    final RunUseCases slice;
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
        Configuration.Runs settings = configuration.runs();
        // read by every run before it starts: kept while the database announces changes (saves, deploys...)
        ProjectGraphs projects = new CachedProjectGraphs(
                new JooqProjectGraphs(infrastructure.backend().dsl()),
                infrastructure.dataChanges(),
                Clock.systemUTC(),
                infrastructure.dataCache());
        RedisStreamRunEventBus bus = new RedisStreamRunEventBus(
                infrastructure.redis().client(), settings.eventsMaxLength(), settings.eventsRetention());
        lifecycle.onClose(bus);
        // listens to cancellations from every instance now, before this instance serves requests
        RedisRunCancellations cancellations =
                new RedisRunCancellations(infrastructure.redis().client());
        lifecycle.onClose(cancellations);
        RedisStreamRunQueue queue =
                new RedisStreamRunQueue(infrastructure.redis().client(), settings.queueName());
        // starts the reaper (this instance registers before runs are served), then the queue worker; registered after
        // Redis, so closed before it: the worker stops taking queued runs, the write-behind stores the runs still in
        // memory, the reaper forgets this instance and fails the runs it abandons; then Redis, then the pools
        slice = lifecycle.onClose(RunUseCases.create(
                new RunUseCases.Ports(
                        projects,
                        new JooqRunRepository(infrastructure.backend().dsl()),
                        bus,
                        queue,
                        cancellations,
                        new JooqRunInstances(infrastructure.backend().dsl()),
                        registry,
                        organization.secrets()::plaintext,
                        tracing.tracer(),
                        Whereabouts.ofThisProcess()),
                new RunUseCases.Settings(
                        settings.timeout(),
                        settings.insertDelay(),
                        settings.maxParallelNodes(),
                        settings.maxParallelNodesPerRun(),
                        settings.maxConcurrentAsyncRuns(),
                        settings.queueReclaimIdle(),
                        settings.heartbeat(),
                        settings.silence(),
                        settings.reaperGrace(),
                        configuration.projects().releaseStages(),
                        InstanceId.random()),
                Clock.systemUTC()));
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
        graphQl = new RunGraphQl(slice.runProject(), slice.cancelRun(), slice.queries(), slice.retryRun());
        rest = new RunRestRoutes(slice.runProject(), slice.queries(), keys);
        ProjectQueries keyProjects = new ProjectQueries(
                new JooqProjectRepository(infrastructure.backend().dsl()),
                configuration.projects().templates());
        openAi = new OpenAiRoutes(slice.runProject(), keyProjects, keys);
        mcp = new McpServerRoutes(slice.runProject(), keyProjects, keys, String.valueOf(Version.current()));
    }
}
