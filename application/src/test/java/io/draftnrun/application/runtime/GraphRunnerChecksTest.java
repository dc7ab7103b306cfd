package io.draftnrun.application.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.trace.CollectingSpanSink;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the runner checks and resolves when it builds a stored graph's nodes: release stages, secret placeholders. */
class GraphRunnerChecksTest {
    private static final OrganizationId INTERNAL_ORG = OrganizationId.of("11111111-1111-4111-8111-111111111111");
    private static final OrganizationId CUSTOMER = OrganizationId.of("22222222-2222-4222-8222-222222222222");
    private static final String TOKEN = "tok-7c1e9a";

    private final List<ResolvedParameters> built = new CopyOnWriteArrayList<>();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private ComponentBehaviour component(String name, ReleaseStage stage) {
        ComponentDefinition definition = ComponentDefinition.builder()
                .id(ComponentId.of(
                        java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString()))
                .name(name)
                .releaseStage(stage)
                .parameters(List.of(
                        ParameterDefinition.builder("headers", ParameterType.JSON)
                                .secretPlaceholders()
                                .build(),
                        ParameterDefinition.builder("note", ParameterType.STRING)
                                .build()))
                .build();
        return new ComponentBehaviour() {
            @Override
            public ComponentDefinition definition() {
                return definition;
            }

            @Override
            public RunnableComponent create(ComponentSpec spec) {
                built.add(spec.parameters());
                return new RunnableComponent() {
                    @Override
                    public Payload run(List<Payload> inputs, RunContext ctx) {
                        ran.add(name);
                        return Payload.assistant("ok");
                    }

                    @Override
                    public String name() {
                        return name;
                    }
                };
            }
        };
    }

    private GraphRunner.Outcome run(OrganizationId organization, String component, Map<String, ParameterValue> values) {
        ComponentRegistry registry = new ComponentRegistry(
                List.of(component("Lab", ReleaseStage.INTERNAL), component("Plain", ReleaseStage.PUBLIC)));
        GraphRunner runner = new GraphRunner(
                registry,
                new ReleaseStagePolicy(Set.of(), Set.of(INTERNAL_ORG)),
                (org, name) ->
                        org.equals(INTERNAL_ORG) && name.equals("api_token") ? Optional.of(TOKEN) : Optional.empty(),
                new Tracer(new CollectingSpanSink()),
                8,
                4,
                Clock.systemUTC());
        Node node = new Node(
                NodeId.random(),
                registry.find(component).orElseThrow().definition().id(),
                component,
                component,
                "",
                true,
                values,
                Optional.empty());
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        return runner.execute(
                new GraphRunner.RunSpec(
                        RunId.random(),
                        organization,
                        ProjectId.random(),
                        Environment.DRAFT,
                        new GraphVersion(GraphVersionId.random(), 1, List.of(node), List.of(), List.of()),
                        Map.of(),
                        TraceId.random()),
                new GraphRunner.Control(Instant.now().plusSeconds(30)),
                events::add);
    }

    @Test
    void aStoredGraphHoldingAComponentItsOrganizationMayNotUseFailsBeforeAnyNodeRuns() {
        GraphRunner.Outcome refused = run(CUSTOMER, "Lab", Map.of());
        assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
        assertThat(refused.error().orElseThrow())
                .contains("uses the component 'Lab', which is not available to this organization", "internal");
        assertThat(ran).isEmpty();

        assertThat(run(INTERNAL_ORG, "Lab", Map.of()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run(CUSTOMER, "Plain", Map.of()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void secretPlaceholdersAreResolvedWhenTheNodeIsBuiltOnlyWhereTheParameterReadsThem() {
        GraphRunner.Outcome outcome = run(
                INTERNAL_ORG,
                "Plain",
                Map.of(
                        "headers",
                        ParameterValue.literal(Map.of("Authorization", "Bearer {{secret:api_token}}")),
                        "note",
                        ParameterValue.literal("kept as written: {{secret:api_token}}")));
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        ResolvedParameters parameters = built.getLast();
        assertThat(parameters.jsonObject("headers").orElseThrow()).containsEntry("Authorization", "Bearer " + TOKEN);
        assertThat(parameters.string("note")).contains("kept as written: {{secret:api_token}}");
        assertThat(parameters.secrets()).containsExactly(TOKEN);

        // JSON given as text: the secret is escaped into it
        run(INTERNAL_ORG, "Plain", Map.of("headers", ParameterValue.literal("{\"X-Key\": \"{{secret:api_token}}\"}")));
        assertThat(built.getLast().jsonObject("headers").orElseThrow()).containsEntry("X-Key", TOKEN);

        GraphRunner.Outcome missing =
                run(CUSTOMER, "Plain", Map.of("headers", ParameterValue.literal(Map.of("X", "{{secret:api_token}}"))));
        assertThat(missing.status()).isEqualTo(RunStatus.FAILED);
        assertThat(missing.error().orElseThrow()).contains("organization secret 'api_token', which is not set");
    }
}
