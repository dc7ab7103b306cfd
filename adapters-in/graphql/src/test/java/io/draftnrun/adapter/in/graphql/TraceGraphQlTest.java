package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.in.graphql.GraphQlEngine.GraphQlRequest;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.application.trace.FakeProjectDirectory;
import io.draftnrun.application.trace.InMemoryTraceStore;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.TraceQueries;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TraceGraphQlTest {
    final OrganizationId org = new OrganizationId(UUID.randomUUID());
    final UUID project = UUID.randomUUID();
    final InMemoryTraceStore store = new InMemoryTraceStore();
    final GraphQlEngine engine = new GraphQlEngine(
            List.of(
                    new SystemGraphQl(new SystemQueries(new ServerInfo("t", "dev", List.of()), List.of())),
                    new TraceGraphQl(
                            new TraceQueries(store, new FakeProjectDirectory().put(project, org), Clock.systemUTC()))),
            GraphQlLimits.defaults());
    final Actor member = Actor.user(new UserId(UUID.randomUUID()), "", Map.of(org, Role.MEMBER), false);
    final Actor stranger = Actor.user(
            new UserId(UUID.randomUUID()), "", Map.of(new OrganizationId(UUID.randomUUID()), Role.ADMIN), false);

    Map<String, Object> run(Actor actor, String query, Map<String, Object> variables) {
        return GraphQlEngine.toResponse(engine.execute(
                new GraphQlRequest(query, null, variables),
                new RequestContext(Optional.ofNullable(actor), "r", "127.0.0.1")));
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object root, String... path) {
        Object v = root;
        for (String p : path) {
            v = v instanceof List<?> l ? l.get(Integer.parseInt(p)) : ((Map<String, Object>) v).get(p);
        }
        return (T) v;
    }

    @Test
    void servesTracesTreesKpisAndChartsToMembersOnly() {
        Tracer tracer = new Tracer(span -> store.write(List.of(span)));
        SpanHandle root = tracer.startTrace(
                        TraceScope.ofRun(project, org, "draft", UUID.randomUUID()), "GraphRunner", SpanKind.CHAIN)
                .input("hi");
        try (SpanHandle agent = root.child("Agent", SpanKind.AGENT)) {
            try (SpanHandle tool = agent.child("search", SpanKind.TOOL).tool("search", "d", "{}")) {
                tool.child("llm", SpanKind.LLM)
                        .llm("openai", "gpt-4o", true)
                        .tokens(7, 3)
                        .end();
            }
        }
        root.output("bye").end();
        String traceId = root.context().traceId().value();

        Map<String, Object> list = run(
                member,
                "query($p: ID!) { traces(projectId: $p, first: 5, filter: {search: \"hi\"}) {"
                        + " edges { cursor node { traceId name input cumulativeLlmTokenCountPrompt } }"
                        + " pageInfo { hasNextPage endCursor } } }",
                Map.of("p", project.toString()));
        assertThat(list).doesNotContainKey("errors");
        assertThat((String) at(list, "data", "traces", "edges", "0", "node", "traceId"))
                .isEqualTo(traceId);
        assertThat((Object) at(list, "data", "traces", "edges", "0", "node", "cumulativeLlmTokenCountPrompt"))
                .isEqualTo(7L);

        Map<String, Object> tree = run(
                member,
                "query($id: ID!) { trace(id: $id) { id root { name cumulativeLlmTokenCountCompletion children {"
                        + " spanKind children { toolInfo children { modelName llmTokenCountPrompt } } } }"
                        + " spans { spanId parentId } } }",
                Map.of("id", traceId));
        assertThat(tree).doesNotContainKey("errors");
        assertThat((Object) at(tree, "data", "trace", "root", "cumulativeLlmTokenCountCompletion"))
                .isEqualTo(3L);
        assertThat((String) at(
                        tree, "data", "trace", "root", "children", "0", "children", "0", "children", "0", "modelName"))
                .isEqualTo("gpt-4o");
        assertThat((List<?>) at(tree, "data", "trace", "spans")).hasSize(4);

        Map<String, Object> kpis = run(
                member,
                "query($p: ID!) { projectKpis(projectId: $p, days: 7) { title stats change changePercent }"
                        + " projectCharts(projectId: $p, days: 3) { id type data { labels datasets { label data } } } }",
                Map.of("p", project.toString()));
        assertThat(kpis).doesNotContainKey("errors");
        assertThat((String) at(kpis, "data", "projectKpis", "1", "stats")).isEqualTo("1");
        assertThat((String) at(kpis, "data", "projectKpis", "1", "change")).isEqualTo("N/A");
        assertThat((List<?>) at(kpis, "data", "projectCharts", "0", "data", "labels"))
                .hasSize(3);

        for (String q : List.of(
                "query($p: ID!) { traces(projectId: $p) { edges { cursor } } }",
                "query($p: ID!) { projectKpis(projectId: $p) { title } }",
                "query($p: ID!) { projectCharts(projectId: $p) { id } }")) {
            Map<String, Object> refused = run(stranger, q, Map.of("p", project.toString()));
            assertThat((String) at(refused, "errors", "0", "extensions", "code"))
                    .isEqualTo("NOT_FOUND");
        }
        Map<String, Object> refusedTrace =
                run(stranger, "query($id: ID!) { trace(id: $id) { id } }", Map.of("id", traceId));
        assertThat(refusedTrace).doesNotContainKey("errors"); // null, as for an unknown trace
        assertThat((Object) at(refusedTrace, "data", "trace")).isNull();
        Map<String, Object> anonymous = run(
                null, "query($p: ID!) { traces(projectId: $p) { edges { cursor } } }", Map.of("p", project.toString()));
        assertThat((String) at(anonymous, "errors", "0", "extensions", "code")).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void operationLabelsNameOnlySchemaFields() {
        assertThat(GraphQlOperations.label(
                        engine.schema(), "{ traces(projectId: \"x\") { edges { cursor } } serverInfo { mode } }", null))
                .isEqualTo("query:serverInfo+traces");
        assertThat(GraphQlOperations.label(engine.schema(), "{ made_up }", null))
                .isEqualTo("query:unknown");
        assertThat(GraphQlOperations.label(engine.schema(), "{ nope", null)).isEqualTo("invalid");
    }

    @Test
    void operationLabelsAreWorkedOutOncePerDocumentAndOperationName() {
        GraphQlOperations operations = new GraphQlOperations(engine.schema());
        String document = "query A { serverInfo { mode } } mutation B { made_up }";

        assertThat(operations.label(document, "A")).isEqualTo("query:serverInfo");
        assertThat(operations.label(document, "B")).isEqualTo("mutation:unknown");
        assertThat(operations.label(document, "A")).isEqualTo("query:serverInfo");
        assertThat(operations.label("{ nope", null)).isEqualTo("invalid");
        assertThat(operations.cached()).isEqualTo(3);
        for (int i = 0; i < GraphQlOperations.MAX_CACHED + 10; i++) {
            operations.label("{ serverInfo { mode } } # " + i, null);
        }
        assertThat(operations.cached()).isLessThanOrEqualTo(GraphQlOperations.MAX_CACHED);
    }
}
