package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.trace.Chart;
import io.draftnrun.application.trace.Kpi;
import io.draftnrun.application.trace.StoredSpan;
import io.draftnrun.application.trace.TraceFilter;
import io.draftnrun.application.trace.TraceNode;
import io.draftnrun.application.trace.TracePage;
import io.draftnrun.application.trace.TraceQueries;
import io.draftnrun.application.trace.TraceTree;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.PeriodChange;
import io.draftnrun.domain.trace.Span;
import io.draftnrun.domain.trace.SpanAttributes;
import io.draftnrun.domain.trace.SpanId;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
    public void register(RuntimeWiring.Builder wiring) {
        wiring.type(
                "Query",
                b -> b.dataFetcher("traces", this::traces)
                        .dataFetcher("trace", this::trace)
                        .dataFetcher("projectKpis", this::kpis)
                        .dataFetcher("projectCharts", this::charts));
    }

    private Fetchers.Connection<Map<String, Object>> traces(DataFetchingEnvironment env) {
        Actor actor = Fetchers.actor(env);
        Map<String, Object> f = env.getArgument("filter");
        TraceFilter filter = f == null ? TraceFilter.ALL : filter(f);
        TracePage page = queries.traces(
                actor, Fetchers.uuid(env, "projectId"), filter, Fetchers.first(env), Fetchers.after(env));
        return Fetchers.Connection.of(
                page.entries(), e -> new Fetchers.Edge<>(e.cursor(), summary(e.root())), page.hasNextPage());
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

    private Map<String, Object> trace(DataFetchingEnvironment env) {
        Actor actor = Fetchers.actor(env);
        String id = env.getArgument("id");
        TraceId traceId;
        try {
            traceId = new TraceId(id);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("id is not a trace id (32 hex digits)");
        }
        return queries.trace(actor, traceId).map(TraceGraphQl::tree).orElse(null);
    }

    private List<Map<String, Object>> kpis(DataFetchingEnvironment env) {
        Actor actor = Fetchers.actor(env);
        Integer days = env.getArgument("days");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Kpi k : queries.projectKpis(actor, Fetchers.uuid(env, "projectId"), days == null ? 7 : days)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", k.title());
            m.put("color", k.color());
            m.put("icon", k.icon());
            m.put("stats", k.stats());
            m.put("value", k.value());
            m.put("change", PeriodChange.format(k.change()));
            m.put("changePercent", k.change().orElse(null));
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> charts(DataFetchingEnvironment env) {
        Actor actor = Fetchers.actor(env);
        Integer days = env.getArgument("days");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Chart c : queries.projectCharts(actor, Fetchers.uuid(env, "projectId"), days == null ? 7 : days)) {
            List<Map<String, Object>> datasets = new ArrayList<>();
            for (Chart.Dataset d : c.datasets()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("label", d.label());
                m.put("data", d.data());
                m.put("borderColor", d.borderColor().orElse(null));
                m.put("backgroundColor", d.backgroundColor().orElse(null));
                m.put("fill", d.fill().orElse(null));
                datasets.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("type", c.type());
            m.put("title", c.title());
            m.put("data", Map.of("labels", c.labels(), "datasets", datasets));
            m.put("xAxisType", c.xAxisType().orElse(null));
            m.put("yAxisType", c.yAxisType().orElse(null));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> summary(StoredSpan stored) {
        Span s = stored.span();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceId", s.traceId().value());
        m.put("spanId", s.spanId().value());
        m.put("name", s.name());
        m.put("startTime", OffsetDateTime.ofInstant(s.start(), ZoneOffset.UTC));
        m.put("endTime", OffsetDateTime.ofInstant(s.end(), ZoneOffset.UTC));
        m.put("durationMs", s.duration().toMillis());
        m.put("status", s.status().code().name());
        m.put("statusMessage", s.status().message());
        m.put("environment", s.scope().environment());
        m.put("runId", s.scope().runId().map(UUID::toString).orElse(null));
        m.put("input", s.stringAttribute(SpanAttributes.INPUT_VALUE).orElse(null));
        m.put("output", s.stringAttribute(SpanAttributes.OUTPUT_VALUE).orElse(null));
        m.put("cumulativeLlmTokenCountPrompt", stored.cumulative().tokens().prompt());
        m.put("cumulativeLlmTokenCountCompletion", stored.cumulative().tokens().completion());
        m.put("cumulativeErrorCount", stored.cumulative().errorCount());
        return m;
    }

    private static Map<String, Object> tree(TraceTree t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.traceId().value());
        m.put("projectId", t.scope().projectId().toString());
        m.put("environment", t.scope().environment());
        m.put("runId", t.scope().runId().map(UUID::toString).orElse(null));
        m.put("root", node(t.root()));
        m.put("spans", t.spans().stream().map(n -> flatNode(n)).toList());
        return m;
    }

    private static Map<String, Object> flatNode(TraceNode n) {
        Map<String, Object> m = fields(n);
        m.put("children", List.of()); // the flat list has no nesting; use parentId
        return m;
    }

    private static Map<String, Object> node(TraceNode n) {
        Map<String, Object> m = fields(n);
        m.put("children", n.children().stream().map(TraceGraphQl::node).toList());
        return m;
    }

    private static Map<String, Object> fields(TraceNode n) {
        Span s = n.span();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spanId", s.spanId().value());
        m.put("parentId", s.parentId().map(SpanId::value).orElse(null));
        m.put("name", s.name());
        m.put("spanKind", s.kind().name());
        m.put("startTime", OffsetDateTime.ofInstant(s.start(), ZoneOffset.UTC));
        m.put("endTime", OffsetDateTime.ofInstant(s.end(), ZoneOffset.UTC));
        m.put("durationMs", s.duration().toMillis());
        m.put("input", n.input());
        m.put("output", n.output());
        m.put("documents", n.documents());
        m.put("modelName", n.modelName().orElse(null));
        m.put("toolInfo", n.toolInfo().orElse(null));
        m.put("statusCode", s.status().code().name());
        m.put("statusMessage", s.status().message());
        m.put("llmTokenCountPrompt", n.ownTokens().map(t -> t.prompt()).orElse(null));
        m.put("llmTokenCountCompletion", n.ownTokens().map(t -> t.completion()).orElse(null));
        m.put("cumulativeLlmTokenCountPrompt", n.cumulative().tokens().prompt());
        m.put("cumulativeLlmTokenCountCompletion", n.cumulative().tokens().completion());
        m.put("cumulativeErrorCount", n.cumulative().errorCount());
        m.put("attributes", s.attributes());
        List<Map<String, Object>> events = new ArrayList<>();
        s.events()
                .forEach(e -> events.add(
                        Map.of("name", e.name(), "timestamp", e.timestamp().toString(), "attributes", e.attributes())));
        m.put("events", events);
        return m;
    }
}
