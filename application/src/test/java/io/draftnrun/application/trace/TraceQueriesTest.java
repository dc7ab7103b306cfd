package io.draftnrun.application.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TraceQueriesTest {
    static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
    final OrganizationId org = new OrganizationId(UUID.randomUUID());
    final UUID project = UUID.randomUUID();
    final TraceScope scope = TraceScope.ofRun(project, org, "production", UUID.randomUUID());
    final InMemoryTraceStore store = new InMemoryTraceStore();
    final FakeProjectDirectory projects = new FakeProjectDirectory().put(project, org);
    final TraceQueries queries = new TraceQueries(store, projects, Clock.fixed(NOW, ZoneOffset.UTC));
    final Actor member = Actor.user(new UserId(UUID.randomUUID()), "m@x", Map.of(org, Role.MEMBER), false);
    final Actor stranger = Actor.user(
            new UserId(UUID.randomUUID()), "s@x", Map.of(new OrganizationId(UUID.randomUUID()), Role.ADMIN), false);

    @Test
    void kpisCompareWithThePreviousPeriod() {
        // last 7 days: 3 runs of 2 s, 100 tokens each; previous 7 days: 2 runs of 1 s, 150 tokens each
        for (int i = 1; i <= 3; i++) {
            store.write(
                    List.of(SpanFixtures.root(scope, NOW.minus(Duration.ofDays(i)), Duration.ofSeconds(2), 60, 40)));
        }
        for (int i = 8; i <= 9; i++) {
            store.write(
                    List.of(SpanFixtures.root(scope, NOW.minus(Duration.ofDays(i)), Duration.ofSeconds(1), 100, 50)));
        }
        store.write(List.of(SpanFixtures.root(scope, NOW.minus(Duration.ofDays(30)), Duration.ofSeconds(9), 1, 1)));

        List<Kpi> kpis = queries.projectKpis(member, project, 7);

        assertThat(kpis)
                .extracting(Kpi::title)
                .containsExactly("Total Tokens Usage", "Total API Requests", "Average Latency");
        assertThat(kpis.get(0).stats()).isEqualTo("300");
        assertThat(kpis.get(0).change()).contains(0.0); // 300 vs 300
        assertThat(kpis.get(1).stats()).isEqualTo("3");
        assertThat(kpis.get(1).change()).contains(50.0); // 3 vs 2: not the reference's constant 0 %
        assertThat(kpis.get(2).stats()).isEqualTo("2.00s");
        assertThat(kpis.get(2).change()).contains(100.0);
    }

    @Test
    void kpiChangesAreNotAvailableWhenThePreviousPeriodIsEmpty() {
        store.write(List.of(SpanFixtures.root(scope, NOW.minus(Duration.ofHours(1)), Duration.ofSeconds(2), 10, 5)));
        List<Kpi> kpis = queries.projectKpis(member, project, 7);
        assertThat(kpis).allSatisfy(k -> assertThat(k.change()).isEmpty());
        assertThat(kpis.get(1).value()).isEqualTo(1.0);
    }

    @Test
    void chartsHaveEveryCalendarDayAndHistogramBins() {
        store.write(List.of(SpanFixtures.root(scope, NOW.minus(Duration.ofHours(1)), Duration.ofSeconds(1), 500, 20)));
        store.write(List.of(SpanFixtures.root(scope, NOW.minus(Duration.ofHours(2)), Duration.ofSeconds(3), 2500, 30)));
        store.write(
                List.of(SpanFixtures.root(scope, NOW.minus(Duration.ofDays(2)), Duration.ofSeconds(2), 12_000, 10)));

        List<Chart> charts = queries.projectCharts(member, project, 7);

        assertThat(charts)
                .extracting(Chart::id)
                .containsExactly(
                        "agent_usage_" + project,
                        "token_usage_" + project,
                        "latency_distribution_" + project,
                        "tokens_distribution_" + project);
        Chart usage = charts.get(0);
        assertThat(usage.labels())
                .containsExactly(
                        "2025-03-04",
                        "2025-03-05",
                        "2025-03-06",
                        "2025-03-07",
                        "2025-03-08",
                        "2025-03-09",
                        "2025-03-10");
        assertThat(usage.datasets().getFirst().data()).containsExactly(0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 2.0);
        Chart tokens = charts.get(1);
        assertThat(tokens.datasets().get(0).data().getLast()).isEqualTo(3000.0);
        assertThat(tokens.datasets().get(1).data().getLast()).isEqualTo(50.0);
        Chart latency = charts.get(2);
        assertThat(latency.datasets().getFirst().data().stream()
                        .mapToDouble(d -> d)
                        .sum())
                .isEqualTo(3.0);
        Chart distribution = charts.get(3);
        assertThat(distribution.labels()).hasSize(10).startsWith("500", "1500").endsWith("9500");
        // 500 → bin 0, 2500 → bin 2, 12000 → counted in the last bin rather than lost
        assertThat(distribution.datasets().get(0).data())
                .containsExactly(1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0);
        assertThat(distribution.datasets().get(1).data().getFirst()).isEqualTo(3.0);
    }

    @Test
    void membersOfAnotherOrganizationCannotReadTracesOrKpis() {
        assertThatThrownBy(() -> queries.traces(stranger, project, TraceFilter.ALL, 10, Optional.empty()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> queries.projectKpis(stranger, project, 7))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> queries.projectCharts(stranger, project, 7))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> queries.traces(member, UUID.randomUUID(), TraceFilter.ALL, 10, Optional.empty()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aRunTracedThroughTheWriterReadsBackAsATreeWithTokensRolledUpToTheRoot() throws Exception {
        AsyncSpanWriter writer = new AsyncSpanWriter(store, Metrics.NOOP, AsyncSpanWriter.Settings.DEFAULTS);
        Tracer tracer = new Tracer(writer);
        SpanHandle run = tracer.startTrace(scope, "GraphRunner", SpanKind.CHAIN).input("question");
        SpanHandle agent = run.child("AI Agent", SpanKind.AGENT);
        SpanHandle tool = agent.child("search", SpanKind.TOOL).tool("search", "searches", "{\"q\":\"a\"}");
        tool.child("llm-in-tool", SpanKind.LLM)
                .llm("openai", "gpt-4o", true)
                .tokens(100, 10)
                .end();
        tool.end();
        SpanHandle rag = agent.child("RAG", SpanKind.CHAIN);
        rag.child("Retriever", SpanKind.RETRIEVER)
                .input("q")
                .documents(List.of(Map.of("id", "d1", "content", "text", "score", 0.9)))
                .end();
        rag.child("Synthesizer", SpanKind.LLM)
                .llm("openai", "gpt-4o", false)
                .tokens(200, 20)
                .end();
        rag.end();
        agent.child("agent-llm", SpanKind.LLM)
                .llm("openai", "gpt-4o", true)
                .tokens(1000, 100)
                .end();
        agent.end();
        run.output("answer").end();
        writer.close(Duration.ofSeconds(5));
        assertThat(writer.written()).isEqualTo(8);

        String cursor = queries.traces(member, project, TraceFilter.ALL, 10, Optional.empty())
                .entries()
                .getFirst()
                .cursor();
        assertThat(cursor).isNotBlank();
        TraceTree tree = queries.trace(member, run.context().traceId()).orElseThrow();
        assertThat(tree.root().cumulative().tokens().prompt()).isEqualTo(1300);
        assertThat(tree.root().cumulative().tokens().completion()).isEqualTo(130);
        assertThat(tree.root().ownTokens()).isEmpty();
        TraceNode agentNode = tree.root().children().getFirst();
        assertThat(agentNode.children()).extracting(n -> n.span().name()).containsExactly("search", "RAG", "agent-llm");
        TraceNode toolNode = agentNode.children().getFirst();
        assertThat(toolNode.toolInfo()).hasValueSatisfying(t -> assertThat(t).containsEntry("name", "search"));
        assertThat(toolNode.cumulative().tokens().total()).isEqualTo(110);
        TraceNode retriever = agentNode.children().get(1).children().getFirst();
        assertThat(retriever.documents()).hasSize(1);
        assertThat(tree.spans()).hasSize(8);
        // only platform-key calls count against the organization's allowance
        assertThat(store.platformTokens(org)).isEqualTo(1210);
        // as for an unknown trace: nothing tells a stranger that it exists
        assertThat(queries.trace(stranger, run.context().traceId())).isEmpty();
    }
}
