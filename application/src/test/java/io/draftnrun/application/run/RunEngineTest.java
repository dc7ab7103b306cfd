package io.draftnrun.application.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.components.llm.LlmCall;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.GraphRunner;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.TestRunContexts;
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
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.trace.SpanStatus;
import io.draftnrun.domain.trace.TraceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunEngineTest {
    private final ScriptedChatModelProvider chat = new ScriptedChatModelProvider();
    private final CollectingSpanSink spans = new CollectingSpanSink();
    private final InMemoryRunEventBus bus = new InMemoryRunEventBus();
    private final InMemoryRunInstances instances = new InMemoryRunInstances();
    private final InMemoryRunRepository repository = new InMemoryRunRepository().withInstances(instances);
    private final InMemoryRunQueue queue = new InMemoryRunQueue();
    private final List<AutoCloseable> workers = new CopyOnWriteArrayList<>();
    private final InMemoryProjectGraphs projects = new InMemoryProjectGraphs();
    private final OrganizationId org = new OrganizationId(UUID.randomUUID());
    private final ProjectId project = ProjectId.random();
    private final Actor member = Actor.user(new UserId(UUID.randomUUID()), "u@x", Map.of(org, Role.USER), false);
    private final CyclicBarrier fourBranches = new CyclicBarrier(4);
    private final CountDownLatch blockStarted = new CountDownLatch(1);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private Duration timeout = Duration.ofSeconds(30);
    private Duration insertDelay = Duration.ZERO;

    private final List<NodeId> ids = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();

    private NodeId node(String component, String name, boolean start, Map<String, ParameterValue> parameters) {
        NodeId id = NodeId.random();
        nodes.add(new Node(
                id, new ComponentId(UUID.randomUUID()), component, name, "", start, parameters, Optional.empty()));
        ids.add(id);
        return id;
    }

    private void edge(NodeId from, NodeId to, int order) {
        edges.add(new Edge(new EdgeId(UUID.randomUUID()), from, to, order));
    }

    private record Fixture(
            RunProject runProject,
            RunQueries queries,
            CancelRun cancel,
            RunEngine engine,
            RetryRun retry,
            WriteBehindRunRepository runs) {}

    @org.junit.jupiter.api.AfterEach
    void stopWorkers() throws Exception {
        for (AutoCloseable w : workers) {
            w.close();
        }
    }

    private Fixture fixture() {
        return fixture(new InMemoryRunCancellations());
    }

    private Fixture fixture(InMemoryRunCancellations cancellations) {
        return fixture(cancellations, true);
    }

    /**
     * One server instance: its own engine (registered as alive), on the repository, bus, queue and cancellation
     * requests shared by all; executing queued runs when {@code executes}.
     */
    private Fixture fixture(InMemoryRunCancellations cancellations, boolean executes) {
        projects.put(
                project, org, Environment.DRAFT, new GraphVersion(GraphVersionId.random(), 1, nodes, List.of(), edges));
        ComponentRegistry registry = new ComponentRegistry(List.of(
                new InputComponent(),
                new LlmCall(TestRunContexts.llm(chat)),
                behaviour(
                        "Echo",
                        (inputs, ctx) -> Payload.assistant(
                                inputs.stream().map(Payload::lastMessageText).reduce("", String::concat))),
                behaviour("Barrier", (inputs, ctx) -> {
                    try {
                        fourBranches.await(5, TimeUnit.SECONDS); // passes only if the four branches run together
                    } catch (Exception e) {
                        throw new IllegalStateException("branches did not overlap");
                    }
                    return Payload.assistant("b");
                }),
                behaviour("Block", (inputs, ctx) -> {
                    blockStarted.countDown();
                    try {
                        Thread.sleep(Duration.ofMinutes(1));
                    } catch (InterruptedException e) {
                        ctx.checkActive();
                    }
                    return Payload.assistant("never");
                }),
                behaviour("Where", (inputs, ctx) -> {
                    threads.add(Thread.currentThread());
                    return Payload.assistant(inputs.getLast().lastMessageText());
                }),
                behaviour("Fail", (inputs, ctx) -> {
                    throw DomainException.validation("the tool refused");
                })));
        GraphRunner runner =
                new GraphRunner(registry, (o, n) -> Optional.empty(), new Tracer(spans), 64, 16, Clock.systemUTC());
        InstanceId instance = InstanceId.random();
        instances.register(instance, "test-host", "process-" + instance);
        WriteBehindRunRepository runs = new WriteBehindRunRepository(repository, insertDelay, Clock.systemUTC());
        workers.add(runs);
        RunEngine engine = new RunEngine(runner, runs, bus, timeout, Clock.systemUTC(), instance);
        RunQueries queries = new RunQueries(runs, projects, bus);
        RunEnds ends = new RunEnds(bus, new Tracer(spans));
        if (executes) {
            workers.add(new RunQueueWorker(
                            queue, runs, projects, engine, ends, 4, Duration.ofSeconds(30), Clock.systemUTC())
                    .start());
        }
        RunProject runProject = new RunProject(projects, runs, engine, queue, Clock.systemUTC());
        return new Fixture(
                runProject,
                queries,
                new CancelRun(
                        queries,
                        engine,
                        cancellations,
                        runs,
                        instances,
                        ends,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Clock.systemUTC()),
                engine,
                new RetryRun(queries, runProject),
                runs);
    }

    private interface Body {
        Payload run(List<Payload> inputs, RunContext ctx);
    }

    private static ComponentBehaviour behaviour(String name, Body body) {
        ComponentDefinition definition = ComponentDefinition.builder()
                .id(new ComponentId(UUID.randomUUID()))
                .name(name)
                .releaseStage(ReleaseStage.PUBLIC)
                .build();
        return new ComponentBehaviour() {
            @Override
            public ComponentDefinition definition() {
                return definition;
            }

            @Override
            public RunnableComponent create(ComponentSpec spec) {
                return new RunnableComponent() {
                    @Override
                    public Payload run(List<Payload> inputs, RunContext ctx) {
                        return body.run(inputs, ctx);
                    }

                    @Override
                    public String name() {
                        return spec.instanceName();
                    }
                };
            }
        };
    }

    private static Map<String, Object> ask(String text) {
        return Map.of("messages", List.of(Map.of("role", "user", "content", text)));
    }

    /** Runs and waits until its end is stored and published (a waiting caller is answered before that). */
    private Run run(Fixture f, Map<String, Object> input) {
        Run run = f.runProject().handle(member, new RunProject.Command(project, Environment.DRAFT, input, true));
        assertThat(f.runs().flush(Duration.ofSeconds(5))).isTrue();
        return run;
    }

    @Test
    void inputThenLlmCallAnswersAndEmitsOrderedEvents() {
        NodeId input = node(
                "Input",
                "Input",
                true,
                Map.of("payload_schema", ParameterValue.literal("{\"messages\": [], \"lang\": \"French\"}")));
        NodeId llm = node(
                "LLM Call",
                "Translate",
                false,
                Map.of("prompt_template", ParameterValue.literal("In {{lang}}: {{input}}")));
        edge(input, llm, 0);
        chat.enqueue(ScriptedChatModelProvider.Reply.text("Bonjour").withDeltas("Bon", "jour"));

        Run result = run(fixture(), ask("Hello"));

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.output().orElseThrow().lastMessageText()).isEqualTo("Bonjour");
        assertThat(chat.lastRequest().messages().getFirst().text()).isEqualTo("In French: Hello");
        assertThat(repository.find(result.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        List<RunEvent> events = bus.history(result.id());
        assertThat(events)
                .extracting(e -> e.type() + (e instanceof RunEvent.TokenDelta t ? ":" + t.delta() : ""))
                .containsExactly(
                        "RUN_STARTED",
                        "NODE_STARTED",
                        "NODE_FINISHED",
                        "NODE_STARTED",
                        "TOKEN_DELTA:Bon",
                        "TOKEN_DELTA:jour",
                        "NODE_FINISHED",
                        "RUN_FINISHED");
        assertThat(events).extracting(RunEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(spans.named("GraphRunner").attributes())
                .containsEntry("run_id", result.id().toString());
        assertThat(spans.named("Translate").parentId())
                .contains(spans.named("GraphRunner").spanId());
    }

    @Test
    void aLateSubscriberGetsTheWholeHistory() throws Exception {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        NodeId echo = node("Echo", "Echo", false, Map.of());
        edge(input, echo, 0);
        Fixture f = fixture();
        Run result = run(f, ask("hi"));

        RunEventBusContract.Collector late = new RunEventBusContract.Collector();
        try (var s = f.queries().follow(member, result.id(), late)) {
            assertThat(late.awaitFinished()).isTrue();
        }
        assertThat(late.events)
                .extracting(RunEvent::type)
                .containsExactly(
                        "RUN_STARTED",
                        "NODE_STARTED",
                        "NODE_FINISHED",
                        "NODE_STARTED",
                        "NODE_FINISHED",
                        "RUN_FINISHED");
    }

    @Test
    void parallelBranchesOverlapAndSeveralLeavesMerge() {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        for (int i = 0; i < 4; i++) {
            edge(input, node("Barrier", "Branch " + i, false, Map.of()), 0);
        }
        Run result = run(fixture(), ask("go"));
        assertThat(result.error()).isEmpty();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.output().orElseThrow().lastMessageText())
                .isEqualTo("Result from agent 1:\nb\n\nResult from agent 2:\nb\n\nResult from agent 3:\nb\n\n"
                        + "Result from agent 4:\nb\n\n");
    }

    @Test
    void aChainOfNodesRunsInOneThreadWithoutHandOffs() {
        NodeId previous =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        for (int i = 0; i < 3; i++) {
            NodeId next = node("Where", "Step " + i, false, Map.of());
            edge(previous, next, 0);
            previous = next;
        }
        Run result = run(fixture(), ask("along"));
        assertThat(result.output().orElseThrow().lastMessageText()).isEqualTo("along");
        assertThat(threads).hasSize(3);
        assertThat(Set.copyOf(threads)).hasSize(1);
    }

    @Test
    void inputsArriveInEdgeOrder() {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        NodeId a = node("LLM Call", "A", false, Map.of("prompt_template", ParameterValue.literal("A")));
        NodeId b = node("LLM Call", "B", false, Map.of("prompt_template", ParameterValue.literal("B")));
        NodeId join = node("Echo", "Join", false, Map.of());
        edge(input, a, 0);
        edge(input, b, 0);
        edge(a, join, 2);
        edge(b, join, 1);
        chat.enqueueText("x").enqueueText("x");
        Fixture f = fixture();
        // the model replies in call order, so make the replies distinguishable by prompt instead
        Run result = run(f, ask("go"));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.output().orElseThrow().lastMessageText()).isEqualTo("xx");
        List<RunEvent> events = bus.history(result.id());
        assertThat(events.getLast()).isInstanceOf(RunEvent.RunFinished.class);
    }

    @Test
    void aProviderErrorFailsTheRunWithTheNodeNameOnTheRunAndInTheTrace() {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        NodeId llm = node("LLM Call", "Writer", false, Map.of());
        edge(input, llm, 0);
        chat.enqueue(ScriptedChatModelProvider.Reply.failure(
                new DomainException(ErrorCode.UNAVAILABLE, "openai is unavailable (HTTP 503)")));

        Run result = run(fixture(), ask("hi"));

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("node 'Writer' failed: openai is unavailable (HTTP 503)");
        assertThat(repository.find(result.id()).orElseThrow().error()).isEqualTo(result.error());
        assertThat(spans.named("Writer").status().code()).isEqualTo(SpanStatus.Code.ERROR);
        assertThat(spans.named("GraphRunner").status().code()).isEqualTo(SpanStatus.Code.ERROR);
        assertThat(bus.history(result.id())).extracting(RunEvent::type).contains("NODE_FAILED");
    }

    @Test
    void theFirstFailureCancelsTheOtherRunningNodes() {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        NodeId block = node("Block", "Slow", false, Map.of());
        NodeId fail = node("Fail", "Broken", false, Map.of());
        edge(input, block, 0);
        edge(input, fail, 0);
        Run result = run(fixture(), ask("hi"));
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("node 'Broken' failed: the tool refused");
        assertThat(result.durationMillis().orElseThrow()).isLessThan(10_000);
    }

    @Test
    void cancellingARunStopsItAndRecordsIt() throws Exception {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Block", "Slow", false, Map.of()), 0);
        Fixture f = fixture();
        Run started =
                f.runProject().handle(member, new RunProject.Command(project, Environment.DRAFT, ask("x"), false));
        assertThat(started.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(blockStarted.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(f.cancel().handle(member, started.id())).isTrue();

        RunEventBusContract.Collector events = new RunEventBusContract.Collector();
        try (var s = f.queries().follow(member, started.id(), events)) {
            assertThat(events.awaitFinished()).isTrue();
        }
        assertThat(((RunEvent.RunFinished) events.events.getLast()).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(f.queries().run(member, started.id()).status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aRunStartedOnOneInstanceIsCancelledThroughAnother() throws Exception {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Block", "Slow", false, Map.of()), 0);
        InMemoryRunCancellations cancellations = new InMemoryRunCancellations();
        Fixture a = fixture(cancellations);
        Fixture b = fixture(cancellations, false);
        Run started =
                a.runProject().handle(member, new RunProject.Command(project, Environment.DRAFT, ask("x"), false));
        assertThat(blockStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(b.engine().activeRuns()).isZero();

        assertThat(b.cancel().handle(member, started.id())).isTrue();

        assertThat(cancellations.requested()).containsExactly(started.id());
        RunEventBusContract.Collector events = new RunEventBusContract.Collector();
        try (var s = b.queries().follow(member, started.id(), events)) {
            assertThat(events.awaitFinished()).isTrue();
        }
        assertThat(((RunEvent.RunFinished) events.events.getLast()).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(b.queries().run(member, started.id()).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(repository.writes()).containsExactly("insert QUEUED", "claim", "finish CANCELLED");
        assertThat(b.cancel().handle(member, started.id()))
                .as("already finished")
                .isFalse();
        assertThat(cancellations.requested()).containsExactly(started.id());
    }

    private Run storedRun(RunStatus status, Optional<InstanceId> executor) {
        Run run = new Run(
                RunId.random(),
                project,
                org,
                Environment.DRAFT,
                GraphVersionId.random(),
                status,
                ask("x"),
                Optional.empty(),
                Optional.empty(),
                TraceId.random(),
                Optional.of(member.userId()),
                false,
                Instant.now(),
                Optional.empty());
        repository.insert(run, executor);
        bus.publish(new RunEvent.RunStarted(run.id(), 1, Instant.now(), project.value(), "draft"));
        return run;
    }

    @Test
    void cancellingAnOrphanedRunEndsItAndItsSubscribersFinish() throws Exception {
        node("Input", "Input", true, Map.of());
        InMemoryRunCancellations cancellations = new InMemoryRunCancellations();
        Fixture f = fixture(cancellations);
        InstanceId dead = InstanceId.random(); // its instance stopped without finishing it
        Run orphan = storedRun(RunStatus.RUNNING, Optional.of(dead));
        RunEventBusContract.Collector events = new RunEventBusContract.Collector();

        try (var s = f.queries().follow(member, orphan.id(), events)) {
            assertThat(f.cancel().handle(member, orphan.id())).isTrue();
            assertThat(events.awaitFinished()).isTrue();
        }

        Run stored = f.queries().run(member, orphan.id());
        assertThat(stored.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(stored.error()).contains(CancelRun.CANCELLED_ORPHAN);
        assertThat(events.events).extracting(RunEvent::sequence).containsExactly(1L, 2L);
        assertThat(spans.named("GraphRunner").status().code()).isEqualTo(SpanStatus.Code.ERROR);
        assertThat(f.cancel().handle(member, orphan.id())).as("ended already").isFalse();
    }

    @Test
    void cancellingARunWhoseLiveInstanceDoesNotAnswerChangesNothing() {
        node("Input", "Input", true, Map.of());
        Fixture f = fixture(new InMemoryRunCancellations());
        InstanceId silentButAlive = InstanceId.random();
        instances.register(silentButAlive, "elsewhere", "1");
        Run run = storedRun(RunStatus.RUNNING, Optional.of(silentButAlive));

        assertThat(f.cancel().handle(member, run.id())).isFalse();
        assertThat(f.queries().run(member, run.id()).status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aQueuedRunIsCancelledBeforeAnyInstanceStartsItAndIsNeverExecuted() throws Exception {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Echo", "Echo", false, Map.of()), 0);
        Fixture accepting = fixture(new InMemoryRunCancellations(), false);
        Run queued = accepting
                .runProject()
                .handle(member, new RunProject.Command(project, Environment.DRAFT, ask("x"), false));

        assertThat(accepting.cancel().handle(member, queued.id())).isTrue();
        assertThat(accepting.queries().run(member, queued.id()).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(bus.history(queued.id()).getLast()).isInstanceOf(RunEvent.RunFinished.class);

        fixture(); // an instance that executes queued runs: it drops the entry
        await().atMost(Duration.ofSeconds(30)).until(() -> queue.depth() == 0);
        assertThat(repository.writes()).containsExactly("insert QUEUED", "finish CANCELLED");
    }

    @Test
    void aRunQueuedByAnInstanceThatDiedIsExecutedByAnother() throws Exception {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Echo", "Echo", false, Map.of()), 0);
        Fixture accepting = fixture(new InMemoryRunCancellations(), false);
        Run queued = accepting
                .runProject()
                .handle(member, new RunProject.Command(project, Environment.DRAFT, ask("queued"), false));
        instances.kill(accepting.engine().instance());

        Fixture other = fixture();
        RunEventBusContract.Collector events = new RunEventBusContract.Collector();
        try (var s = other.queries().follow(member, queued.id(), events)) {
            assertThat(events.awaitFinished()).isTrue();
        }
        Run done = other.queries().run(member, queued.id());
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.output().orElseThrow().lastMessageText()).isEqualTo("queued");
        assertThat(repository.executor(queued.id())).contains(other.engine().instance());
    }

    @Test
    void theReaperFailsRunsOfAStoppedInstanceAnnouncesThemAndAnInterruptedRunIsRetriedNotReExecuted() throws Exception {
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Echo", "Echo", false, Map.of()), 0);
        Fixture f = fixture();
        InstanceId crashed = InstanceId.random();
        Run interrupted = storedRun(RunStatus.RUNNING, Optional.of(crashed));
        Run waiting = storedRun(RunStatus.QUEUED, Optional.empty()); // not in the queue: overdue only
        RunReaper reaper = new RunReaper(
                repository,
                instances,
                new RunEnds(bus, new Tracer(spans)),
                f.engine().instance(),
                new RunReaper.Settings(
                        Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1)),
                new RunReaper.Whereabouts("test-host", "me", p -> false),
                Clock.systemUTC());

        assertThat(reaper.reap()).extracting(Run::id).containsExactly(interrupted.id());

        Run failed = f.queries().run(member, interrupted.id());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains(RunReaper.STOPPED);
        assertThat(failed.finishedAt()).isPresent();
        RunEvent.RunFinished end =
                (RunEvent.RunFinished) bus.history(interrupted.id()).getLast();
        assertThat(end.sequence()).isEqualTo(2);
        assertThat(end.status()).isEqualTo(RunStatus.FAILED);
        assertThat(spans.named("GraphRunner").status().message()).isEqualTo(RunReaper.STOPPED);
        assertThat(f.queries().run(member, waiting.id()).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(reaper.reap()).as("failed once").isEmpty();

        Run retried = f.retry().handle(member, new RetryRun.Command(interrupted.id(), true));
        assertThat(retried.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.retryOf()).contains(interrupted.id());
        assertThat(retried.output().orElseThrow().lastMessageText()).isEqualTo("x");
        assertThatThrownBy(() -> f.retry().handle(member, new RetryRun.Command(retried.id(), false)))
                .isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
    }

    @Test
    void theReaperFailsLiveRunsLongPastTheirTimeLimit() {
        node("Input", "Input", true, Map.of());
        Fixture f = fixture();
        Run stuck = storedRun(RunStatus.RUNNING, Optional.of(f.engine().instance())); // its instance lives on
        RunReaper reaper = new RunReaper(
                repository,
                instances,
                new RunEnds(bus, new Tracer(spans)),
                f.engine().instance(),
                new RunReaper.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO),
                new RunReaper.Whereabouts("test-host", "me", p -> false),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)));

        assertThat(reaper.reap()).extracting(Run::id).containsExactly(stuck.id());
        assertThat(f.queries().run(member, stuck.id()).error()).contains(RunReaper.OVERDUE);
    }

    @Test
    void aWaitedRunThatEndsWithinTheInsertDelayIsWrittenOnceFinished() {
        insertDelay = Duration.ofMinutes(1);
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Echo", "Echo", false, Map.of()), 0);
        Run result = run(fixture(), ask("hi"));
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(repository.writes()).containsExactly("insert SUCCEEDED");
        Run stored = repository.find(result.id()).orElseThrow();
        assertThat(stored.output().orElseThrow().lastMessageText()).isEqualTo("hi");
        assertThat(stored.finishedAt()).isEqualTo(result.finishedAt()).isPresent();
    }

    @Test
    void aWaitedRunStillGoingAfterTheInsertDelayIsListedAsRunningThenUpdated() throws Exception {
        insertDelay = Duration.ofMillis(1);
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Block", "Slow", false, Map.of()), 0);
        Fixture f = fixture();
        CompletableFuture<Run> waited = CompletableFuture.supplyAsync(() -> run(f, ask("x")));
        assertThat(blockStarted.await(5, TimeUnit.SECONDS)).isTrue();
        // the delayed insert runs on another thread
        Run listed = await().atMost(Duration.ofSeconds(30))
                .until(() -> repository.page(project, 10, Optional.empty()).runs(), runs -> !runs.isEmpty())
                .getFirst();
        assertThat(listed.status()).isEqualTo(RunStatus.RUNNING);

        assertThat(f.cancel().handle(member, listed.id())).isTrue();
        assertThat(waited.get(5, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(repository.writes()).containsExactly("insert RUNNING", "finish CANCELLED");
    }

    @Test
    void aWaitingCallerIsAnsweredBeforeTheEndIsStoredAndCanReadTheRunMeanwhile() throws Exception {
        insertDelay = Duration.ofMinutes(1);
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Echo", "Echo", false, Map.of()), 0);
        Fixture f = fixture();
        CountDownLatch database = repository.holdWrites();

        Run answered = CompletableFuture.supplyAsync(() -> f.runProject()
                        .handle(member, new RunProject.Command(project, Environment.DRAFT, ask("hi"), true)))
                .get(5, TimeUnit.SECONDS); // answered although the database does not answer yet

        assertThat(answered.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(repository.find(answered.id())).isEmpty();
        assertThat(f.queries().run(member, answered.id())).isEqualTo(answered);
        // announced while held: whoever sees RunFinished here reads the final run from memory
        assertThat(bus.history(answered.id()).getLast()).isInstanceOf(RunEvent.RunFinished.class);
        assertThat(f.runs().held()).isOne();

        database.countDown();
        assertThat(f.runs().flush(Duration.ofSeconds(5))).isTrue();
        assertThat(repository.find(answered.id())).contains(answered);
        assertThat(f.runs().held()).isZero();
        assertThat(bus.history(answered.id()).getLast()).isInstanceOf(RunEvent.RunFinished.class);
        assertThat(repository.writes()).containsExactly("insert SUCCEEDED");
    }

    @Test
    void interruptingAWaitingCallerCancelsItsRunWhichIsStillStored() throws Exception {
        insertDelay = Duration.ofMinutes(1); // the run is written at its end
        repository.refuseWritesFromInterruptedThreads();
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Block", "Slow", false, Map.of()), 0);
        Fixture f = fixture();
        CompletableFuture<ErrorCode> refused = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                run(f, ask("x"));
                refused.complete(null);
            } catch (DomainException e) {
                refused.complete(e.code());
            }
        });
        assertThat(blockStarted.await(5, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        assertThat(refused.get(5, TimeUnit.SECONDS)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(f.runs().flush(Duration.ofSeconds(5))).isTrue();
        assertThat(repository.page(project, 10, Optional.empty()).runs())
                .extracting(Run::status)
                .containsExactly(RunStatus.CANCELLED);
    }

    @Test
    void aRunPastItsTimeLimitFails() {
        timeout = Duration.ofMillis(300);
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("Block", "Slow", false, Map.of()), 0);
        Run result = run(fixture(), ask("x"));
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error().orElseThrow()).contains("time limit");
    }

    @Test
    void onlyMembersAndTheProjectsOwnKeysMayRun() {
        node("Input", "Input", true, Map.of());
        Fixture f = fixture();
        Actor stranger = Actor.user(new UserId(UUID.randomUUID()), "", Map.of(), false);
        Actor otherKey = Actor.apiKey(new UserId(UUID.randomUUID()), org, UUID.randomUUID());
        Actor ownKey = Actor.apiKey(new UserId(UUID.randomUUID()), org, project.value());
        var command = new RunProject.Command(project, Environment.DRAFT, ask("x"), true);
        assertThatThrownBy(() -> f.runProject().handle(stranger, command))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> f.runProject().handle(otherKey, command))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        Run run = f.runProject().handle(ownKey, command);
        assertThat(run.viaApiKey()).isTrue();
        Actor reader = Actor.user(new UserId(UUID.randomUUID()), "", Map.of(org, Role.MEMBER), false);
        assertThat(f.queries().runs(reader, project, 10, Optional.empty()).runs())
                .extracting(Run::id)
                .containsExactly(run.id());
        assertThatThrownBy(() -> f.runProject()
                        .handle(member, new RunProject.Command(project, Environment.PRODUCTION, ask("x"), true)))
                .extracting(e -> ((DomainException) e).code())
                .isEqualTo(ErrorCode.FAILED_PRECONDITION);
    }

    @Test
    void aListenerFollowsTheEventsAndTokenUsageOfARunItsCallerWaitsFor() {
        chat.enqueue(ScriptedChatModelProvider.Reply.text("Bonjour").withDeltas("Bon", "jour"));
        NodeId input =
                node("Input", "Input", true, Map.of("payload_schema", ParameterValue.literal("{\"messages\":[]}")));
        edge(input, node("LLM Call", "LLM", false, Map.of()), 0);
        Fixture f = fixture();
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        List<TokenUsage> usage = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void event(RunEvent event) {
                events.add(event);
            }

            @Override
            public void usage(TokenUsage tokens) {
                usage.add(tokens);
            }
        };
        Run run = f.runProject()
                .handle(member, new RunProject.Command(project, Environment.DRAFT, ask("hi"), true, listener));
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events).isNotEmpty().allMatch(e -> e.runId().equals(run.id()));
        assertThat(events).noneMatch(e -> e instanceof RunEvent.RunFinished);
        assertThat(usage).containsExactly(new TokenUsage(10, 5));
        assertThatThrownBy(() -> new RunProject.Command(project, Environment.DRAFT, ask("hi"), false, listener))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
