package io.draftnrun.application.runtime;

import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.GraphTopology;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.KahnSchedule;
import io.draftnrun.domain.run.LeafMerge;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.shared.DomainException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The execution of one run's graph: starts every node whose inputs are complete at once on its own virtual thread (a
 * node goes on in its thread with one of the nodes its end makes ready), bounded per run and per process by
 * semaphores; inputs are the predecessors' whole payloads in edge order, and several leaves merge as the spec says.
 * Failure policy: the first node failure fails the run with the node's name and reason and interrupts the other nodes;
 * cancellation and the wall-clock deadline do the same. What happens is told through the {@link RunRecorder}.
 */
final class GraphExecution {
    private static final System.Logger LOG = System.getLogger(GraphExecution.class.getName());

    private final GraphRunner.RunSpec spec;
    private final GraphRunner.Control control;
    private final RunRecorder recorder;
    private final GraphInstantiation instantiation;
    private final Semaphore processPermits;
    private final Semaphore runPermits;
    private final Clock clock;
    private final Instant started;
    private final Map<NodeId, Node> nodes = new LinkedHashMap<>();
    private final Map<NodeId, Payload> outputs = new ConcurrentHashMap<>();
    private final Map<NodeId, Thread> running = new ConcurrentHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    /** Guards the schedule and the first failure. */
    private final Object lock = new Object();

    private Map<NodeId, RunnableComponent> instances;
    private KahnSchedule schedule;
    private GraphTopology topology;
    private volatile String failure;

    GraphExecution(
            GraphRunner.RunSpec spec,
            GraphRunner.Control control,
            RunRecorder recorder,
            GraphInstantiation instantiation,
            Semaphore processPermits,
            int perRunParallelism,
            Clock clock) {
        this.spec = spec;
        this.control = control;
        this.recorder = recorder;
        this.instantiation = instantiation;
        this.processPermits = processPermits;
        this.runPermits = new Semaphore(perRunParallelism, true);
        this.clock = clock;
        this.started = clock.instant();
        spec.graph().nodes().forEach(n -> nodes.putIfAbsent(n.id(), n));
    }

    /** Runs the graph to its end on the calling thread (nodes on virtual threads) and says how it ended. */
    GraphRunner.Outcome run() {
        Payload request;
        try {
            topology = GraphTopology.of(spec.graph());
            GraphInstantiation.Instantiated built =
                    instantiation.instantiate(spec.graph(), topology, nodes, spec.organizationId(), spec.request());
            instances = built.instances();
            request = built.request();
        } catch (DomainException e) {
            return failed(e.getMessage());
        }
        schedule = new KahnSchedule(spec.graph());
        control.onStop(this::interruptAll);
        List<NodeId> first;
        synchronized (lock) {
            first = schedule.start();
            if (first.isEmpty()) {
                return failed("the graph has no start node to run");
            }
        }
        for (NodeId node : first) {
            launch(node, List.of(request));
        }
        try {
            long waitNanos = Math.max(
                    0, Duration.between(clock.instant(), control.deadline()).toNanos());
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
                    ? new GraphRunner.Outcome(
                            RunStatus.CANCELLED, Optional.empty(), Optional.of("the run was cancelled"))
                    : failed("the run exceeded its time limit of "
                            + Duration.between(started, control.deadline()).toSeconds() + " s");
        }
        if (failure != null) {
            awaitQuiet();
            return failed(failure);
        }
        List<Payload> leaves;
        synchronized (lock) {
            leaves = schedule.completedLeaves().stream().map(outputs::get).toList();
        }
        return new GraphRunner.Outcome(RunStatus.SUCCEEDED, Optional.of(LeafMerge.merge(leaves)), Optional.empty());
    }

    private static GraphRunner.Outcome failed(String error) {
        return new GraphRunner.Outcome(RunStatus.FAILED, Optional.empty(), Optional.of(error));
    }

    /** After a failure or a stop, gives interrupted nodes a moment to close their spans and events. */
    private void awaitQuiet() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : List.copyOf(running.values())) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Duration.ofNanos(left));
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
                .name("run-" + spec.runId() + "-" + GraphInstantiation.nodeName(node))
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
        String name = GraphInstantiation.nodeName(node);
        try {
            runPermits.acquire();
            runPermit = true;
            processPermits.acquire();
            processPermit = true;
            control.check();
            RunnableComponent component = instances.get(node.id());
            recorder.node(
                    node,
                    name,
                    component.spanKind(),
                    inputs,
                    span -> component.run(inputs, recorder.context(node.id(), span, control)),
                    output -> outputs.put(node.id(), output));
            return completed(node.id());
        } catch (InterruptedException e) {
            nodeFailed(
                    node,
                    name,
                    new RunInterrupted(control.stopReason().orElse(RunInterrupted.Reason.CANCELLED), "interrupted"));
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

    /** The failure policy: the first failure fails the run and interrupts the other nodes; stops fail no one. */
    private void nodeFailed(Node node, String name, Throwable e) {
        Optional<RunInterrupted.Reason> stopped = control.stopReason();
        String reason;
        if (e instanceof RunInterrupted || stopped.isPresent()) {
            reason = stopped.orElse(RunInterrupted.Reason.CANCELLED) == RunInterrupted.Reason.TIMEOUT
                    ? "stopped: the run timed out"
                    : "stopped: the run was cancelled";
        } else if (failure != null) {
            reason = "stopped: another node failed";
        } else {
            reason = message(e);
        }
        recorder.nodeFailed(node, name, reason);
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

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof DomainException) && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
