package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.adapter.in.graphql.TraceViews.ChartView;
import io.draftnrun.adapter.in.graphql.TraceViews.KpiView;
import io.draftnrun.adapter.in.graphql.TraceViews.TraceSummaryView;
import io.draftnrun.adapter.in.graphql.TraceViews.TraceView;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.application.trace.TracePage;
import io.draftnrun.application.trace.TraceQueries;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The trace slice: {@code traces}, {@code trace}, {@code projectKpis}, {@code projectCharts}. */
public final class TraceGraphQl implements GraphQlSlice {
    private final TraceQueries queries;

    public TraceGraphQl(TraceQueries queries) {
        this.queries = queries;
    }

    @Override
    public List<String> schemaResources() {
        return List.of("graphql/trace.graphqls");
    }

    @Override
    public Map<String, Class<? extends Record>> views() {
        return TraceViews.TYPES;
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type(
                "Query",
                b -> b.dataFetcher("traces", this::traces)
                        .dataFetcher("trace", this::trace)
                        .dataFetcher("projectKpis", this::kpis)
                        .dataFetcher("projectCharts", this::charts));
    }

    private Fetchers.Connection<TraceSummaryView> traces(DataFetchingEnvironment env) {
        Actor actor = Fetchers.actor(env);
        Map<String, Object> f = env.getArgument("filter");
        TraceFilter filter = f == null ? TraceFilter.ALL : filter(f);
        TracePage page = queries.traces(
                actor, Fetchers.uuid(env, "projectId"), filter, Fetchers.first(env), Fetchers.after(env));
        return Fetchers.Connection.of(
                page.entries(),
                e -> new Fetchers.Edge<>(e.cursor(), TraceSummaryView.of(e.root())),
                page.hasNextPage());
    }

    private static TraceFilter filter(Map<String, Object> f) {
        Optional<SpanStatus.Code> status =
                Optional.ofNullable((String) f.get("status")).map(SpanStatus.Code::valueOf);
        return new TraceFilter(
                Optional.ofNullable((OffsetDateTime) f.get("from")).map(OffsetDateTime::toInstant),
                Optional.ofNullable((OffsetDateTime) f.get("to")).map(OffsetDateTime::toInstant),
                Optional.ofNullable((String) f.get("environment")),
                status,
                Optional.ofNullable((String) f.get("search")));
    }

    private TraceView trace(DataFetchingEnvironment env) {
        Actor actor = Fetchers.actor(env);
        String id = env.getArgument("id");
        TraceId traceId;
        try {
            traceId = new TraceId(id);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("id is not a trace id (32 hex digits)");
        }
        return queries.trace(actor, traceId).map(TraceView::of).orElse(null);
    }

    private List<KpiView> kpis(DataFetchingEnvironment env) {
        Integer days = env.getArgument("days");
        return queries
                .projectKpis(Fetchers.actor(env), Fetchers.uuid(env, "projectId"), days == null ? 7 : days)
                .stream()
                .map(KpiView::of)
                .toList();
    }

    private List<ChartView> charts(DataFetchingEnvironment env) {
        Integer days = env.getArgument("days");
        return queries
                .projectCharts(Fetchers.actor(env), Fetchers.uuid(env, "projectId"), days == null ? 7 : days)
                .stream()
                .map(ChartView::of)
                .toList();
    }
}
