package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.shared.AdapterBinding;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.domain.organization.Actor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

/** The root slice: {@code serverInfo}, {@code ping} and the {@code heartbeat} transport check. */
public final class SystemGraphQl implements GraphQlSlice {
    private final SystemQueries queries;

    public SystemGraphQl(SystemQueries queries) {
        this.queries = queries;
    }

    @Override
    public List<String> schemaResources() {
        return List.of();
    }

    @Override
    public Set<String> publicFields() {
        return Set.of("Query.serverInfo", "Mutation.ping", "Subscription.heartbeat");
    }

    @Override
    public Map<String, Class<? extends Record>> views() {
        return Map.of("ServerInfo", ServerInfoView.class, "AdapterBinding", AdapterBinding.class);
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type("Query", b -> b.dataFetcher("serverInfo", env -> serverInfo(env)));
        wiring.type("Mutation", b -> b.dataFetcher("ping", env -> true));
        wiring.type(
                "Subscription",
                b -> b.dataFetcher("heartbeat", env -> {
                    int count = Math.max(1, Math.min(100, env.<Integer>getArgument("count")));
                    long interval = Math.max(10, Math.min(10_000, env.<Integer>getArgument("intervalMs")));
                    return heartbeat(count, Duration.ofMillis(interval));
                }));
    }

    /** Version and mode for anyone; adapters, with their hosts, ports and paths, for platform super-admins only. */
    private ServerInfoView serverInfo(DataFetchingEnvironment env) {
        ServerInfo info = queries.serverInfo();
        boolean superAdmin = Fetchers.context(env)
                .filter(RequestContext::authenticated)
                .flatMap(RequestContext::actor)
                .map(Actor::platformAdmin)
                .orElse(false);
        return new ServerInfoView(info.version(), info.mode(), superAdmin ? info.adapters() : null);
    }

    /** {@code ServerInfo}; {@code adapters} only for platform super-admins (null for anyone else). */
    record ServerInfoView(String version, String mode, List<AdapterBinding> adapters) {}

    private static org.reactivestreams.Publisher<Integer> heartbeat(int count, Duration interval) {
        return org.reactivestreams.FlowAdapters.toPublisher((Flow.Publisher<Integer>) subscriber -> {
            SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>();
            publisher.subscribe(subscriber);
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 1; i <= count && !publisher.isClosed(); i++) {
                        publisher.offer(i, interval.toMillis(), TimeUnit.MILLISECONDS, (s, item) -> false);
                        if (i < count) {
                            Thread.sleep(interval);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    publisher.close();
                }
            });
        });
    }
}
