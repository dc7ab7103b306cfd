package io.draftnrun.application.runtime;

import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.application.trace.Tracer;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.GraphTopology;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.graph.SecretPlaceholders;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.InputBlock;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.KahnSchedule;
import io.draftnrun.domain.run.LeafMerge;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.trace.SpanKind;
import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Executes one graph version (spec 2, made parallel): builds every node's instance (sub-components first, secrets
 * decrypted), fills the request from the Input block's defaults, then starts every node whose inputs are complete at
 * once on its own virtual thread (a node goes on in its thread with one of the nodes its end makes ready), bounded per
 * run and per process by semaphores. Inputs are the predecessors' whole payloads in edge order; several leaves merge
 * as the spec says. The first node failure fails the run with the node's name and reason and interrupts the other
 * nodes; cancellation and the wall-clock deadline do the same. Spans: a CHAIN root per run with project, organization,
 * environment and run id, and one span per node. Events are numbered from 1 and handed to the sink in order,
 * {@code RunFinished} excluded (the caller publishes it once the run is stored).
 */
public final class GraphRunner {
    private static final System.Logger LOG = System.getLogger(GraphRunner.class.getName());

    private final ComponentRegistry registry;
    private final ReleaseStagePolicy releaseStages;
    private final ComponentServices services;
    private final OrganizationSecretLookup secrets;
    private final Tracer tracer;
    private final Semaphore processPermits;
    private final int perRunParallelism;
    private final Clock clock;

    /**
     * @param processParallelism nodes executing at once in this process, all runs together
     * @param perRunParallelism nodes executing at once within one run
     */
    public GraphRunner(
            ComponentRegistry registry,
            ComponentServices services,
            OrganizationSecretLookup secrets,
            Tracer tracer,
            int processParallelism,
            int perRunParallelism,
            Clock clock) {
        this(
                registry,
                ReleaseStagePolicy.unrestricted(),
                services,
                secrets,
                tracer,
                processParallelism,
                perRunParallelism,
                clock);
    }

    /**
     * @param releaseStages which organizations may run which components: a stored graph holding a component its
     *     organization may not use fails before any node runs
     */
    public GraphRunner(
            ComponentRegistry registry,
            ReleaseStagePolicy releaseStages,
            ComponentServices services,
            OrganizationSecretLookup secrets,
            Tracer tracer,
            int processParallelism,
            int perRunParallelism,
            Clock clock) {
        this.releaseStages = Objects.requireNonNull(releaseStages, "releaseStages");
        if (processParallelism < 1 || perRunParallelism < 1) {
            throw new IllegalArgumentException("parallelism limits are at least 1");
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.services = Objects.requireNonNull(services, "services");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.processPermits = new Semaphore(processParallelism, true);
        this.perRunParallelism = perRunParallelism;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What to run. */
    public record RunSpec(
            RunId runId,
            OrganizationId organizationId,
            ProjectId projectId,
            Environment environment,
            GraphVersion graph,
            Map<String, Object> request,
            TraceId traceId) {
        public RunSpec {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(organizationId, "organizationId");
            Objects.requireNonNull(projectId, "projectId");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(graph, "graph");
            request = request == null ? Map.of() : request;
            Objects.requireNonNull(traceId, "traceId");
        }
    }

    /** How a run ended: its status, its output (when it succeeded) and the error shown to users (otherwise). */
    public record Outcome(RunStatus status, Optional<Payload> output, Optional<String> error) {
        public Outcome {
            Objects.requireNonNull(status, "status");
            output = output == null ? Optional.empty() : output;
            error = error == null ? Optional.empty() : error;
        }
    }

    /** The stop signals of a run in progress; {@link #cancel()} may be called from any thread. */
    public static final class Control implements RunContext.RunControl {
        private final Instant deadline;
        private volatile RunInterrupted.Reason stopped;
        private volatile Runnable onStop = () -> {};
        private final java.util.concurrent.atomic.LongAdder promptTokens = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.LongAdder completionTokens =
                new java.util.concurrent.atomic.LongAdder();

        public Control(Instant deadline) {
            this.deadline = deadline;
        }

        @Override
        public void countTokens(long prompt, long completion) {
            promptTokens.add(Math.max(0, prompt));
            completionTokens.add(Math.max(0, completion));
        }

        /** The tokens of the run's model calls so far. */
        public io.draftnrun.domain.llm.TokenUsage usage() {
            return new io.draftnrun.domain.llm.TokenUsage(promptTokens.sum(), completionTokens.sum());
        }

        @Override
        public Instant deadline() {
            return deadline;
        }

        @Override
        public Optional<RunInterrupted.Reason> stopReason() {
            return Optional.ofNullable(stopped);
        }

        public void cancel() {
            stop(RunInterrupted.Reason.CANCELLED);
        }

        void stop(RunInterrupted.Reason reason) {
            synchronized (this) {
                if (stopped != null) {
                    return;
                }
                stopped = reason;
            }
            onStop.run();
        }

        void onStop(Runnable action) {
            this.onStop = action;
            if (stopped != null) {
                action.run();
            }
        }
    }

    /** Runs the graph to its end on the calling thread (nodes on virtual threads) and says how it ended. */
    public Outcome execute(RunSpec spec, Control control, Consumer<RunEvent> events) {
        Execution execution = new Execution(spec, control, events);
        return execution.run();
    }

    private final class Execution {
        private final RunSpec spec;
        private final Control control;
        private final Consumer<RunEvent> sink;
        private final Semaphore runPermits = new Semaphore(perRunParallelism, true);
        private final Map<NodeId, Node> nodes = new LinkedHashMap<>();
        private final Map<NodeId, RunnableComponent> instances = new HashMap<>();
        private final Map<NodeId, Payload> outputs = new ConcurrentHashMap<>();
        private final Map<NodeId, Thread> running = new ConcurrentHashMap<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private final Object lock = new Object();
        private long sequence;
        private KahnSchedule schedule;
        private GraphTopology topology;
        private volatile String failure;
        private SpanHandle root;

        Execution(RunSpec spec, Control control, Consumer<RunEvent> sink) {
            this.spec = spec;
            this.control = control;
            this.sink = sink;
            spec.graph().nodes().forEach(n -> nodes.putIfAbsent(n.id(), n));
        }

        Outcome run() {
            TraceScope scope = TraceScope.ofRun(
                    spec.projectId().value(),
                    spec.organizationId(),
                    spec.environment().wireName(),
                    spec.runId().value());
            root = tracer.startTrace(scope, spec.traceId(), "GraphRunner", SpanKind.CHAIN);
            try {
                if (root.recording()) {
                    root.set("project_id", spec.projectId().toString())
                            .set(
                                    "organization_id",
                                    spec.organizationId().value().toString())
                            .set("environment", spec.environment().wireName())
                            .set("run_id", spec.runId().toString())
                            .input(Json.write(spec.request()));
                }
                emit(seq -> new RunEvent.RunStarted(
                        spec.runId(),
                        seq,
                        clock.instant(),
                        spec.projectId().value(),
                        spec.environment().wireName()));
                Outcome outcome = runGraph();
                if (outcome.status() == RunStatus.SUCCEEDED) {
                    if (root.recording()) {
                        root.output(
                                outcome.output().map(Payload::lastMessageText).orElse(""));
                    }
                    root.end();
                } else {
                    root.fail(outcome.error().orElse(outcome.status().name().toLowerCase()));
                }
                return outcome;
            } catch (RuntimeException e) {
                root.fail(e);
                throw e;
            }
        }

        private Outcome runGraph() {
            Payload request;
            try {
                topology = GraphTopology.of(spec.graph());
                buildInstances();
                request = Payload.fromMap(requestWithDefaults());
            } catch (DomainException e) {
                return new Outcome(RunStatus.FAILED, Optional.empty(), Optional.of(e.getMessage()));
            }
            schedule = new KahnSchedule(spec.graph());
            control.onStop(this::interruptAll);
            List<NodeId> first;
            synchronized (lock) {
                first = schedule.start();
                if (first.isEmpty()) {
                    return new Outcome(
                            RunStatus.FAILED, Optional.empty(), Optional.of("the graph has no start node to run"));
                }
            }
            for (NodeId node : first) {
                launch(node, List.of(request));
            }
            try {
                long waitNanos = Math.max(
                        0,
                        java.time.Duration.between(clock.instant(), control.deadline())
                                .toNanos());
                if (!done.await(waitNanos, TimeUnit.NANOSECONDS)) {
                    control.stop(RunInterrupted.Reason.TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                control.cancel();
            }
            Optional<RunInterrupted.Reason> stopped = control.stopReason();
            if (stopped.isPresent() && failure == null) {
                awaitQuiet();
                return stopped.get() == RunInterrupted.Reason.CANCELLED
                        ? new Outcome(RunStatus.CANCELLED, Optional.empty(), Optional.of("the run was cancelled"))
                        : new Outcome(
                                RunStatus.FAILED,
                                Optional.empty(),
                                Optional.of("the run exceeded its time limit of "
                                        + java.time.Duration.between(clockStart, control.deadline())
                                                .toSeconds()
                                        + " s"));
            }
            if (failure != null) {
                awaitQuiet();
                return new Outcome(RunStatus.FAILED, Optional.empty(), Optional.of(failure));
            }
            List<Payload> leaves;
            synchronized (lock) {
                leaves = schedule.completedLeaves().stream().map(outputs::get).toList();
            }
            return new Outcome(RunStatus.SUCCEEDED, Optional.of(LeafMerge.merge(leaves)), Optional.empty());
        }

        private final Instant clockStart = clock.instant();

        /** After a failure or a stop, gives interrupted nodes a moment to close their spans and events. */
        private void awaitQuiet() {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (Thread t : List.copyOf(running.values())) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    t.join(java.time.Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void interruptAll() {
            running.values().forEach(Thread::interrupt);
            done.countDown();
        }

        private void launch(NodeId nodeId, List<Payload> inputs) {
            Node node = nodes.get(nodeId);
            Thread thread = Thread.ofVirtual()
                    .name("run-" + spec.runId() + "-" + nodeName(node))
                    .unstarted(() -> runFrom(new Ready(node, inputs)));
            running.put(nodeId, thread);
            thread.start();
        }

        /** A node whose inputs are complete, with those inputs. */
        private record Ready(Node node, List<Payload> inputs) {}

        /**
         * Runs the node, then goes on in the same thread with one of the nodes its end makes ready (the others get
         * threads of their own): a chain of nodes costs no thread hand-off.
         */
        private void runFrom(Ready first) {
            Ready next = first;
            while (next != null) {
                next = runNode(next.node(), next.inputs());
            }
        }

        /** Runs a node; returns a node made ready by its end for this thread to run next, or null. */
        private Ready runNode(Node node, List<Payload> inputs) {
            boolean processPermit = false;
            boolean runPermit = false;
            String name = nodeName(node);
            try {
                runPermits.acquire();
                runPermit = true;
                processPermits.acquire();
                processPermit = true;
                control.check();
                RunnableComponent component = instances.get(node.id());
                emit(seq -> new RunEvent.NodeStarted(spec.runId(), seq, clock.instant(), node.id(), name));
                Payload output;
                try (SpanHandle span = root.child(name, component.spanKind())) {
                    if (span.recording()) {
                        span.set("node_id", node.id().toString()).set("component", node.componentName());
                        span.input(inputs.isEmpty() ? "" : inputs.getLast().lastMessageText());
                    }
                    RunContext ctx = context(node.id(), span);
                    try {
                        output = component.run(inputs, ctx);
                        if (output == null) {
                            output = Payload.empty();
                        }
                        if (span.recording()) {
                            span.output(output.lastMessageText());
                        }
                        span.end();
                    } catch (RuntimeException e) {
                        span.fail(e);
                        throw e;
                    }
                }
                Payload result = output;
                outputs.put(node.id(), result);
                emit(seq -> new RunEvent.NodeFinished(
                        spec.runId(), seq, clock.instant(), node.id(), name, result.lastMessageText()));
                return completed(node.id());
            } catch (InterruptedException e) {
                nodeFailed(
                        node,
                        name,
                        new RunInterrupted(
                                control.stopReason().orElse(RunInterrupted.Reason.CANCELLED), "interrupted"));
            } catch (RuntimeException | Error e) {
                nodeFailed(node, name, e);
            } finally {
                if (processPermit) {
                    processPermits.release();
                }
                if (runPermit) {
                    runPermits.release();
                }
                running.remove(node.id(), Thread.currentThread());
            }
            return null;
        }

        /** Marks a node done; launches the nodes this makes ready but the last, which it returns for this thread. */
        private Ready completed(NodeId node) {
            List<NodeId> next;
            boolean finished;
            synchronized (lock) {
                next = schedule.complete(node);
                finished = next.isEmpty() && schedule.finished();
            }
            if (control.stopReason().isPresent() || failure != null) {
                return null;
            }
            if (finished) {
                done.countDown();
            }
            if (next.isEmpty()) {
                return null;
            }
            for (NodeId n : next.subList(0, next.size() - 1)) {
                launch(n, inputsOf(n));
            }
            NodeId last = next.getLast();
            running.put(last, Thread.currentThread());
            return new Ready(nodes.get(last), inputsOf(last));
        }

        private List<Payload> inputsOf(NodeId node) {
            List<Payload> inputs = new ArrayList<>();
            for (Edge edge : topology.incomingEdges(node)) {
                inputs.add(outputs.get(edge.source()));
            }
            return inputs;
        }

        private void nodeFailed(Node node, String name, Throwable e) {
            Optional<RunInterrupted.Reason> stopped = control.stopReason();
            String reason;
            if (e instanceof RunInterrupted ri || stopped.isPresent()) {
                reason = stopped.orElse(RunInterrupted.Reason.CANCELLED) == RunInterrupted.Reason.TIMEOUT
                        ? "stopped: the run timed out"
                        : "stopped: the run was cancelled";
            } else if (failure != null) {
                reason = "stopped: another node failed";
            } else {
                reason = message(e);
            }
            emit(seq -> new RunEvent.NodeFailed(spec.runId(), seq, clock.instant(), node.id(), name, reason));
            boolean first = false;
            if (stopped.isEmpty() && !(e instanceof RunInterrupted)) {
                synchronized (lock) {
                    if (failure == null) {
                        failure = "node '" + name + "' failed: " + reason;
                        first = true;
                    }
                }
            }
            if (first) {
                if (!(e instanceof DomainException)) {
                    LOG.log(System.Logger.Level.WARNING, "node " + name + " of run " + spec.runId() + " failed", e);
                }
                running.forEach((id, t) -> {
                    if (!id.equals(node.id())) {
                        t.interrupt();
                    }
                });
                done.countDown();
            }
        }

        private RunContext context(NodeId nodeId, SpanHandle span) {
            return new RunContext(
                    spec.runId(),
                    spec.organizationId(),
                    spec.projectId(),
                    spec.environment(),
                    nodeId,
                    span.context(),
                    tracer,
                    emitter,
                    control,
                    services);
        }

        private final RunEventEmitter emitter = new RunEventEmitter() {
            @Override
            public void tokenDelta(NodeId node, String delta) {
                emit(seq -> new RunEvent.TokenDelta(spec.runId(), seq, clock.instant(), node, delta));
            }

            @Override
            public void toolCallStarted(NodeId node, String callId, String toolName, String argumentsJson) {
                emit(seq -> new RunEvent.ToolCallStarted(
                        spec.runId(), seq, clock.instant(), node, callId, toolName, argumentsJson));
            }

            @Override
            public void toolCallFinished(
                    NodeId node, String callId, String toolName, String output, Optional<String> error) {
                emit(seq -> new RunEvent.ToolCallFinished(
                        spec.runId(), seq, clock.instant(), node, callId, toolName, output, error));
            }
        };

        /** Numbers and hands over events in order: one lock, so sequence order is delivery order. */
        private void emit(java.util.function.LongFunction<RunEvent> event) {
            synchronized (this) {
                try {
                    sink.accept(event.apply(++sequence));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "run event not delivered for run " + spec.runId(), e);
                }
            }
        }

        long lastSequence() {
            synchronized (this) {
                return sequence;
            }
        }

        private Map<String, Object> requestWithDefaults() {
            Map<String, Object> request = new LinkedHashMap<>(spec.request());
            for (NodeId start : topology.startNodes()) {
                Node node = nodes.get(start);
                if (InputBlock.COMPONENT_NAME.equals(node.componentName())) {
                    Map<String, Object> schema = parameters(node)
                            .jsonObject(InputBlock.PAYLOAD_SCHEMA)
                            .orElse(Map.of());
                    request = InputBlock.withDefaults(request, schema);
                }
            }
            return request;
        }

        private void buildInstances() {
            Map<NodeId, List<Relationship>> childrenOf = new HashMap<>();
            for (Relationship r : spec.graph().relationships()) {
                childrenOf.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r);
            }
            for (NodeId id : nodes.keySet()) {
                build(id, childrenOf, new java.util.HashSet<>());
            }
        }

        private RunnableComponent build(
                NodeId id, Map<NodeId, List<Relationship>> childrenOf, java.util.Set<NodeId> path) {
            RunnableComponent existing = instances.get(id);
            if (existing != null) {
                return existing;
            }
            Node node = nodes.get(id);
            if (node == null) {
                throw DomainException.validation("a relationship names the unknown node " + id);
            }
            if (!path.add(id)) {
                throw DomainException.validation("node '" + nodeName(node) + "' contains itself as a sub-component");
            }
            ComponentBehaviour behaviour = registry.find(node.componentName())
                    .orElseThrow(() -> DomainException.validation(
                            "node '" + nodeName(node) + "' uses the unknown component '" + node.componentName() + "'"));
            Map<String, List<RunnableComponent>> children = new LinkedHashMap<>();
            List<Relationship> relations = new ArrayList<>(childrenOf.getOrDefault(id, List.of()));
            relations.sort(Comparator.comparing((Relationship r) -> r.order().orElse(Integer.MAX_VALUE)));
            for (Relationship r : relations) {
                children.computeIfAbsent(r.slot(), k -> new ArrayList<>()).add(build(r.child(), childrenOf, path));
            }
            path.remove(id);
            ComponentDefinition definition = behaviour.definition();
            Optional<String> refused = releaseStages.refusal(definition.releaseStage(), spec.organizationId());
            if (refused.isPresent()) {
                throw new DomainException(
                        ErrorCode.FORBIDDEN,
                        "node '" + nodeName(node) + "' uses the component '" + definition.name()
                                + "', which is not available to this organization: " + refused.get());
            }
            ToolDescription tool = node.toolDescription()
                    .or(definition::defaultToolDescription)
                    .orElseGet(() -> ToolDescription.empty(nodeName(node)));
            RunnableComponent instance;
            try {
                instance = behaviour.create(new ComponentSpec(id, node.name(), parameters(node), children, tool));
            } catch (DomainException e) {
                throw new DomainException(e.code(), "node '" + nodeName(node) + "': " + e.getMessage(), e);
            }
            instances.put(id, instance);
            return instance;
        }

        private ResolvedParameters parameters(Node node) {
            Map<String, Object> values = new LinkedHashMap<>();
            Optional<ComponentDefinition> definition =
                    registry.find(node.componentName()).map(ComponentBehaviour::definition);
            definition.ifPresent(d -> {
                for (ParameterDefinition p : d.valueParameters()) {
                    p.defaultValue().ifPresent(v -> values.put(p.name(), v));
                }
            });
            java.util.Set<String> plaintexts = new java.util.HashSet<>(0);
            node.parameters()
                    .forEach((name, value) -> values.put(name, resolve(node, definition, name, value, plaintexts)));
            return plaintexts.isEmpty() ? ResolvedParameters.of(values) : new ResolvedParameters(values, plaintexts);
        }

        private Object resolve(
                Node node,
                Optional<ComponentDefinition> definition,
                String name,
                ParameterValue value,
                java.util.Set<String> plaintexts) {
            return switch (value) {
                case ParameterValue.Literal l
                when SecretPlaceholders.present(l.json()) -> withSecrets(node, definition, name, l.json(), plaintexts);
                case ParameterValue.Literal l -> l.json();
                case ParameterValue.SecretReference s -> {
                    String plaintext = secret(node, name, s.secretKey());
                    plaintexts.add(plaintext);
                    yield plaintext;
                }
                case ParameterValue.OrderedList list ->
                    list.items().stream()
                            .map(i -> resolve(node, definition, name, i, plaintexts))
                            .toList();
            };
        }

        /**
         * Replaces the {@code {{secret:name}}} placeholders of a parameter that reads them (ADR 0015); a parameter
         * that does not keeps its text as written. In JSON given as text, the secret is escaped as a JSON string.
         */
        private Object withSecrets(
                Node node,
                Optional<ComponentDefinition> definition,
                String name,
                Object json,
                java.util.Set<String> plaintexts) {
            Optional<ParameterDefinition> parameter = definition.flatMap(d -> d.parameter(name));
            if (parameter.isEmpty() || !parameter.get().secretPlaceholders()) {
                return json;
            }
            boolean jsonText = json instanceof String && parameter.get().type() == ParameterType.JSON;
            return SecretPlaceholders.replace(json, secretName -> {
                String plaintext = secret(node, name, secretName);
                plaintexts.add(plaintext);
                if (!jsonText) {
                    return plaintext;
                }
                String quoted = Json.write(plaintext);
                return quoted.substring(1, quoted.length() - 1);
            });
        }

        private String secret(Node node, String parameter, String secretName) {
            return secrets.secret(spec.organizationId(), secretName)
                    .orElseThrow(() -> new DomainException(
                            ErrorCode.FAILED_PRECONDITION,
                            "node '" + nodeName(node) + "': parameter '" + parameter
                                    + "' refers to the organization secret '" + secretName + "', which is not set"));
        }
    }

    private static String nodeName(Node node) {
        if (!node.name().isBlank()) {
            return node.name();
        }
        return node.componentName().isBlank() ? node.id().toString() : node.componentName();
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof DomainException) && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
