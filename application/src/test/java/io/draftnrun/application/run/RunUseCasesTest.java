package io.draftnrun.application.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.trace.CollectingSpanSink;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The run slice as bootstrap builds it ({@link RunUseCases#create}), on the fakes of its ports. */
class RunUseCasesTest {
    private final InMemoryRunEventBus bus = new InMemoryRunEventBus();
    private final InMemoryRunInstances instances = new InMemoryRunInstances();
    private final InMemoryRunRepository repository = new InMemoryRunRepository().withInstances(instances);
    private final InMemoryRunQueue queue = new InMemoryRunQueue();
    private final InMemoryProjectGraphs projects = new InMemoryProjectGraphs();
    private final OrganizationId org = new OrganizationId(UUID.randomUUID());
    private final ProjectId project = ProjectId.random();
    private final Actor member = Actor.user(new UserId(UUID.randomUUID()), "u@x", Map.of(org, Role.USER), false);
    private final InstanceId instance = InstanceId.random();

    private RunUseCases.Ports ports() {
        ComponentDefinition echo = ComponentDefinition.builder()
                .id(new ComponentId(UUID.randomUUID()))
                .name("Echo")
                .releaseStage(ReleaseStage.PUBLIC)
                .build();
        ComponentRegistry registry = new ComponentRegistry(List.of(new InputComponent(), new ComponentBehaviour() {
            @Override
            public ComponentDefinition definition() {
                return echo;
            }

            @Override
            public RunnableComponent create(ComponentSpec spec) {
                return new RunnableComponent() {
                    @Override
                    public Payload run(List<Payload> inputs, RunContext ctx) {
                        return Payload.assistant("echo: " + inputs.getLast().lastMessageText());
                    }

                    @Override
                    public String name() {
                        return spec.instanceName();
                    }
                };
            }
        }));
        return new RunUseCases.Ports(
                projects,
                repository,
                bus,
                queue,
                new InMemoryRunCancellations(),
                instances,
                registry,
                (o, n) -> Optional.empty(),
                new Tracer(new CollectingSpanSink()),
                new RunReaper.Whereabouts("test-host", "process-" + instance, process -> false));
    }

    private RunUseCases.Settings settings(int maxParallelNodes) {
        return new RunUseCases.Settings(
                Duration.ofSeconds(30),
                Duration.ofMinutes(1), // a waiting run stays in memory until its end: written by the write-behind
                maxParallelNodes,
                4,
                2,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                ReleaseStagePolicy.unrestricted(),
                instance);
    }

    private void echoProject() {
        NodeId input = NodeId.random();
        NodeId echo = NodeId.random();
        projects.put(
                project,
                org,
                Environment.DRAFT,
                new GraphVersion(
                        GraphVersionId.random(),
                        1,
                        List.of(
                                new Node(
                                        input,
                                        new ComponentId(UUID.randomUUID()),
                                        "Input",
                                        "Input",
                                        "",
                                        true,
                                        Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")),
                                        Optional.empty()),
                                new Node(
                                        echo,
                                        new ComponentId(UUID.randomUUID()),
                                        "Echo",
                                        "Echo",
                                        "",
                                        false,
                                        Map.of(),
                                        Optional.empty())),
                        List.of(),
                        List.of(new Edge(new EdgeId(UUID.randomUUID()), input, echo, 0))));
    }

    private static Map<String, Object> ask(String text) {
        return Map.of("messages", List.of(Map.of("role", "user", "content", text)));
    }

    @Test
    void theSliceRegistersThisInstanceRunsWaitingAndQueuedRunsAndStoresThemWhenClosed() throws Exception {
        echoProject();
        RunUseCases slice = RunUseCases.create(ports(), settings(64), Clock.systemUTC());
        Run waited;
        Run done;
        try {
            // the reaper registered this instance before any run was made
            assertThat(instances.alive(instance, Duration.ofSeconds(30))).isTrue();

            waited = slice.runProject()
                    .handle(member, new RunProject.Command(project, Environment.DRAFT, ask("hello"), true));
            assertThat(waited.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(waited.output().orElseThrow().lastMessageText()).isEqualTo("echo: hello");

            Run queued = slice.runProject()
                    .handle(member, new RunProject.Command(project, Environment.DRAFT, ask("later"), false));
            assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
            RunEventBusContract.Collector events = new RunEventBusContract.Collector();
            try (var s = slice.queries().follow(member, queued.id(), events)) {
                assertThat(events.awaitFinished()).isTrue(); // executed by the slice's queue worker
            }
            done = slice.queries().run(member, queued.id());
            assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(done.output().orElseThrow().lastMessageText()).isEqualTo("echo: later");
            assertThat(repository.executor(queued.id())).contains(instance);
        } finally {
            slice.close();
        }
        // closing stored what the write-behind held, then the reaper forgot this instance
        assertThat(repository.find(waited.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(repository.find(done.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(instances.alive(instance, Duration.ofSeconds(30))).isFalse();
        assertThat(slice.worker().running()).isZero();
    }

    @Test
    void whenBuildingFailsMidwayTheStartedReaperIsClosedAgain() {
        assertThatThrownBy(() -> RunUseCases.create(ports(), settings(0), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(instances.alive(instance, Duration.ofSeconds(30))).isFalse();
    }
}
