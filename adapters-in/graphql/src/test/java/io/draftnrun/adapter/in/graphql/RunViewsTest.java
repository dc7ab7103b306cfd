package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The schema's RunEvent view: its fields are the schema's, and each event type fills its own. */
class RunViewsTest {
    private static final RunId RUN = RunId.random();
    private static final NodeId NODE = NodeId.random();
    private static final Instant AT = Instant.parse("2026-12-07T05:40:01.123456Z");

    @Test
    void theViewHasExactlyTheFieldsOfTheSchemasRunEvent() {
        TypeDefinitionRegistry registry = new SchemaParser().parse(resource("graphql/schema.graphqls"));
        registry.merge(new SchemaParser().parse(resource("graphql/run.graphqls")));
        ObjectTypeDefinition type =
                registry.getType("RunEvent", ObjectTypeDefinition.class).orElseThrow();
        assertThat(Arrays.stream(RunViews.RunEventView.class.getRecordComponents())
                        .map(c -> c.getName())
                        .collect(Collectors.toSet()))
                .isEqualTo(type.getFieldDefinitions().stream()
                        .map(FieldDefinition::getName)
                        .collect(Collectors.toSet()));
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

    private static String resource(String name) {
        try (InputStream in = RunViewsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
