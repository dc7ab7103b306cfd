package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.run.CancelRun;
import io.draftnrun.application.run.RetryRun;
import io.draftnrun.application.run.RunPage;
import io.draftnrun.application.run.RunProject;
import io.draftnrun.application.run.RunQueries;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * The run slice: {@code runProject}, {@code cancelRun}, {@code retryRun}, {@code run}, {@code runs} and the
 * {@code runEvents} stream.
 */
public final class RunGraphQl implements GraphQlSlice {
    private static final ExecutorService DELIVERY = Executors.newVirtualThreadPerTaskExecutor();
    private static final int BUFFER = 4096;

    private final RunProject runProject;
    private final CancelRun cancelRun;
    private final RunQueries queries;
    private final RetryRun retryRun;

    public RunGraphQl(RunProject runProject, CancelRun cancelRun, RunQueries queries, RetryRun retryRun) {
        this.runProject = runProject;
        this.cancelRun = cancelRun;
        this.queries = queries;
        this.retryRun = retryRun;
    }

    @Override
    public List<String> schemaResources() {
        return List.of("graphql/run.graphqls");
    }

    @Override
    public Map<String, Class<? extends Record>> views() {
        return RunViews.TYPES;
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type(
                "Query",
                b -> b.dataFetcher(
                                "run", env -> RunViews.RunView.of(queries.run(Fetchers.actor(env), runId(env, "id"))))
                        .dataFetcher("runs", this::runs));
        wiring.type(
                "Mutation",
                b -> b.dataFetcher("runProject", this::runProject)
                        .dataFetcher("cancelRun", env -> cancelRun.handle(Fetchers.actor(env), runId(env, "runId")))
                        .dataFetcher("retryRun", this::retryRun));
        wiring.type("Subscription", b -> b.dataFetcher("runEvents", this::runEvents));
    }

    private Object runProject(DataFetchingEnvironment env) {
        Object input = env.getArgument("input");
        if (!(input instanceof Map<?, ?> map)) {
            throw DomainException.validation("input must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) map;
        Boolean wait = env.getArgument("wait");
        var command = new RunProject.Command(
                new ProjectId(Fetchers.uuid(env, "projectId")),
                Environment.valueOf(env.<String>getArgument("environment")),
                request,
                wait == null || wait);
        return RunViews.RunView.of(runProject.handle(Fetchers.actor(env), command));
    }

    private Object retryRun(DataFetchingEnvironment env) {
        Boolean wait = env.getArgument("wait");
        return RunViews.RunView.of(
                retryRun.handle(Fetchers.actor(env), new RetryRun.Command(runId(env, "runId"), wait == null || wait)));
    }

    private Object runs(DataFetchingEnvironment env) {
        RunPage page = queries.runs(
                Fetchers.actor(env),
                new ProjectId(Fetchers.uuid(env, "projectId")),
                Fetchers.first(env),
                Fetchers.after(env));
        List<Fetchers.Edge<RunViews.RunView>> edges = page.runs().stream()
                .map(r -> new Fetchers.Edge<>(
                        new io.draftnrun.application.run.RunCursor(r.createdAt(), r.id()).encode(),
                        RunViews.RunView.of(r)))
                .toList();
        return new Fetchers.Connection<>(
                edges,
                new Fetchers.PageInfo(page.hasNextPage(), page.endCursor().orElse(null)));
    }

    private Publisher<RunViews.RunEventView> runEvents(DataFetchingEnvironment env) {
        Actor actor = Fetchers.actor(env);
        RunId runId = runId(env, "runId");
        queries.run(actor, runId); // authorization and existence, before the stream opens
        return FlowAdapters.toPublisher((Flow.Publisher<RunViews.RunEventView>) subscriber -> {
            SubmissionPublisher<RunViews.RunEventView> publisher = new SubmissionPublisher<>(DELIVERY, BUFFER);
            publisher.subscribe(subscriber);
            java.util.concurrent.atomic.AtomicReference<RunEventBus.Subscription> holder =
                    new java.util.concurrent.atomic.AtomicReference<>();
            RunEventBus.Subscription subscription = queries.follow(actor, runId, new RunEventBus.Listener() {
                @Override
                public void onEvent(RunEvent event) {
                    if (publisher.isClosed()) {
                        return;
                    }
                    int lag = publisher.offer(RunViews.event(event), (s, item) -> false);
                    if (lag < 0) {
                        publisher.closeExceptionally(new IllegalStateException("the subscriber is too slow"));
                    } else if (event instanceof RunEvent.RunFinished) {
                        publisher.close();
                    }
                    if (publisher.isClosed() && holder.get() != null) {
                        holder.get().close();
                    }
                }

                @Override
                public void onError(Throwable error) {
                    publisher.closeExceptionally(error);
                }
            });
            holder.set(subscription);
            if (publisher.isClosed()) {
                subscription.close();
            }
        });
    }

    private static RunId runId(DataFetchingEnvironment env, String argument) {
        return new RunId(Fetchers.uuid(env, argument));
    }
}
