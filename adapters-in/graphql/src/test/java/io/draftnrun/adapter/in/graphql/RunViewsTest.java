package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.trace.TraceId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The schema's Run and RunEvent views: their fields are the schema's, a run reads message and artifacts from its
 * output, and each event type fills its own fields.
 */
class RunViewsTest {
    private static final RunId RUN = RunId.random();
    private static final NodeId NODE = NodeId.random();
    private static final Instant AT = Instant.parse("2026-12-07T05:40:01.123456Z");

    @Test
    void theViewsHaveExactlyTheFieldsOfTheSchemasTypes() {
        TypeDefinitionRegistry registry = new SchemaParser().parse(resource("graphql/schema.graphqls"));
        registry.merge(new SchemaParser().parse(resource("graphql/run.graphqls")));
        assertThat(components(RunViews.RunEventView.class)).isEqualTo(fields(registry, "RunEvent"));
        assertThat(components(RunViews.RunView.class)).isEqualTo(fields(registry, "Run"));
    }

    @Test
    void aRunReadsItsMessageArtifactsAndDurationFromItsOutputAndTimes() {
        Instant finishedAt = AT.plusMillis(1500);
        Run queued = new Run(
                RUN,
                new ProjectId(new UUID(0, 7)),
                new OrganizationId(new UUID(0, 8)),
                Environment.DRAFT,
                new GraphVersionId(new UUID(0, 9)),
                RunStatus.QUEUED,
                Map.of("messages", List.of()),
                Optional.empty(),
                Optional.empty(),
                TraceId.random(),
                Optional.of(new UserId(new UUID(0, 10))),
                false,
                AT,
                Optional.empty());
        RunViews.RunView live = RunViews.RunView.of(queued);
        assertThat(live.status()).isEqualTo("QUEUED");
        assertThat(live.environment()).isEqualTo("DRAFT");
        assertThat(live.output()).isNull();
        assertThat(live.message()).isNull();
        assertThat(live.artifacts()).isEmpty();
        assertThat(live.finishedAt()).isNull();
        assertThat(live.durationMs()).isNull();
        assertThat(live.startedBy()).isEqualTo(new UUID(0, 10).toString());
        assertThat(live.attempt()).isEqualTo(1);
        assertThat(live.retryOf()).isNull();

        Payload output = Payload.assistant("Hello").withArtifact("sources", List.of("a"));
        RunViews.RunView done = RunViews.RunView.of(
                queued.finished(RunStatus.SUCCEEDED, Optional.of(output), Optional.empty(), finishedAt));
        assertThat(done.status()).isEqualTo("SUCCEEDED");
        assertThat(done.output()).isEqualTo(output.toMap());
        assertThat(done.message()).isEqualTo("Hello");
        assertThat(done.artifacts()).containsExactly(Map.entry("sources", List.of("a")));
        assertThat(done.createdAt()).isEqualTo(OffsetDateTime.parse("2026-12-07T05:40:01.123456Z"));
        assertThat(done.finishedAt()).isEqualTo(OffsetDateTime.parse("2026-12-07T05:40:02.623456Z"));
        assertThat(done.durationMs()).isEqualTo(1500L);
        assertThat(done.graphVersionId()).isEqualTo(new UUID(0, 9).toString());
    }

    @Test
    void eachEventFillsItsOwnFields() {
        RunViews.RunEventView started = RunViews.event(new RunEvent.RunStarted(RUN, 1, AT, new UUID(0, 7), "draft"));
        assertThat(started.type()).isEqualTo("RUN_STARTED");
        assertThat(started.runId()).isEqualTo(RUN.toString());
        assertThat(started.at()).isEqualTo(OffsetDateTime.parse("2026-12-07T05:40:01.123456Z"));
        assertThat(started.projectId()).isEqualTo(new UUID(0, 7).toString());
        assertThat(started.environment()).isEqualTo("draft");
        assertThat(started.nodeId()).isNull();

        RunViews.RunEventView call = RunViews.event(
                new RunEvent.ToolCallFinished(RUN, 5, AT, NODE, "c1", "search", "found", Optional.of("late")));
        assertThat(call.sequence()).isEqualTo(5);
        assertThat(call.nodeId()).isEqualTo(NODE.value().toString());
        assertThat(call.callId()).isEqualTo("c1");
        assertThat(call.toolName()).isEqualTo("search");
        assertThat(call.output()).isEqualTo("found");
        assertThat(call.error()).isEqualTo("late");
        assertThat(call.arguments()).isNull();

        RunViews.RunEventView failed = RunViews.event(new RunEvent.NodeFailed(RUN, 6, AT, NODE, "LLM", "boom"));
        assertThat(failed.nodeName()).isEqualTo("LLM");
        assertThat(failed.reason()).isEqualTo("boom");

        RunViews.RunEventView finished =
                RunViews.event(new RunEvent.RunFinished(RUN, 7, AT, RunStatus.SUCCEEDED, "Hello", Optional.empty()));
        assertThat(finished.status()).isEqualTo("SUCCEEDED");
        assertThat(finished.output()).isEqualTo("Hello");
        assertThat(finished.error()).isNull();
    }

    private static Set<String> components(Class<? extends Record> view) {
        return Arrays.stream(view.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
    }

    private static Set<String> fields(TypeDefinitionRegistry registry, String type) {
        return registry.getType(type, ObjectTypeDefinition.class).orElseThrow().getFieldDefinitions().stream()
                .map(FieldDefinition::getName)
                .collect(Collectors.toSet());
    }

    private static String resource(String name) {
        try (InputStream in = RunViewsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
