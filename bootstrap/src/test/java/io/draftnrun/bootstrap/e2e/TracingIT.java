package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.TraceTree;
import io.draftnrun.bootstrap.Tracing;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceScope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TracingIT {
    @Test
    void spansOfARunReachTheTracesDatabaseWithTokensRolledUpAndOnlyMembersReadThem() throws Exception {
        Tracing tracing = SharedServer.running().server().tracing();
        OrganizationId org = new OrganizationId(UUID.randomUUID());
        TraceScope scope = TraceScope.ofRun(UUID.randomUUID(), org, "draft", UUID.randomUUID());
        SpanHandle run = tracing.tracer().startTrace(scope, "GraphRunner", SpanKind.CHAIN);
        try (SpanHandle agent = run.child("AI Agent", SpanKind.AGENT)) {
            try (SpanHandle tool = agent.child("search", SpanKind.TOOL)) {
                tool.child("llm", SpanKind.LLM)
                        .llm("openai", "gpt-4o-mini", true)
                        .tokens(40, 2)
                        .end();
            }
            agent.child("llm", SpanKind.LLM)
                    .llm("openai", "gpt-4o-mini", false)
                    .tokens(60, 8)
                    .end();
        }
        run.end();

        Actor member = Actor.user(new UserId(UUID.randomUUID()), "", Map.of(org, Role.MEMBER), false);
        Optional<TraceTree> tree = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> tracing.queries().trace(member, run.context().traceId()),
                        t -> t.isPresent()
                                && t.get().spans().size() == 5
                                && t.get().root().cumulative().tokens().total() == 110);
        assertThat(tree).hasValueSatisfying(t -> {
            assertThat(t.spans()).hasSize(5);
            assertThat(t.root().cumulative().tokens().prompt()).isEqualTo(100);
            assertThat(t.root().cumulative().tokens().completion()).isEqualTo(10);
        });
        assertThat(tracing.usageLimiter().used(org)).isEqualTo(42);

        Actor stranger = Actor.user(
                new UserId(UUID.randomUUID()), "", Map.of(new OrganizationId(UUID.randomUUID()), Role.ADMIN), false);
        // another organization's member reads nothing, exactly as for an unknown trace
        assertThat(tracing.queries().trace(stranger, run.context().traceId())).isEmpty();
    }

    @Test
    void tracesNeedASignedInCallerAndMetricsArePublicInPrometheusFormat() throws Exception {
        GraphQlClient client = SharedServer.client();
        var refused = client.execute(
                "query($p: ID!) { traces(projectId: $p) { edges { cursor } } }",
                Map.of("p", UUID.randomUUID().toString()));
        assertThat(refused.errorCode()).isEqualTo("UNAUTHENTICATED");

        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(client.baseUrl() + "/metrics"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("draftnrun_spans_dropped_total")
                .contains(
                        "draftnrun_graphql_operations_seconds_count{application=\"draftnrun\",operation=\"query:traces\",outcome=\"error\"}")
                .contains("draftnrun_http_requests_seconds_count")
                .contains("jvm_memory_used_bytes");
    }
}
