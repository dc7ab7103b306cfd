package io.draftnrun.application.run;

import io.draftnrun.application.run.port.RunInstances;
import io.draftnrun.application.run.port.RunRepository;
import io.draftnrun.domain.run.Run;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Keeps runs honest when processes die. This instance is registered and beats every {@code heartbeat}; at start and
 * after every beat, it fails the live runs nobody will finish: RUNNING runs whose instance has not beaten for
 * {@code silence} ("interrupted: the instance running it stopped") and live runs older than the run time limit plus
 * {@code grace} ("interrupted: ..." too); each is announced ({@link RunEnds}) so its subscribers finish. Every instance
 * does so; the store's conditional update makes each run failed once. A run interrupted mid-way is failed, never
 * executed again (its tools may have had effects): {@code retryRun} starts it anew.
 *
 * <p>At start, instances recorded on this machine whose process is gone are forgotten at once (a restart of
 * {@code dev} fails the runs of the process it replaces without waiting for its silence). Closing forgets this
 * instance and reaps once more: runs it still executes are failed as interrupted before the process exits.
 */
public final class RunReaper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RunReaper.class.getName());
    public static final String STOPPED = "interrupted: the instance running it stopped";
    public static final String OVERDUE = "interrupted: it was still not finished long after its time limit";

    /** Timing of the heartbeat and the reaper. */
    public record Settings(Duration heartbeat, Duration silence, Duration timeout, Duration grace) {
        public Settings {
            if (heartbeat.isZero() || heartbeat.isNegative() || silence.compareTo(heartbeat) <= 0) {
                throw new IllegalArgumentException("an instance is silent after more than one heartbeat");
            }
        }
    }

    /** Where this process runs: the machine (and process namespace) and the process itself. */
    public record Whereabouts(String host, String process, Predicate<String> processGone) {}

    private final RunRepository runs;
    private final RunInstances instances;
    private final RunEnds ends;
    private final InstanceId self;
    private final Settings settings;
    private final Whereabouts whereabouts;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public RunReaper(
            RunRepository runs,
            RunInstances instances,
            RunEnds ends,
            InstanceId self,
            Settings settings,
            Whereabouts whereabouts,
            Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.instances = Objects.requireNonNull(instances, "instances");
        this.ends = Objects.requireNonNull(ends, "ends");
        this.self = Objects.requireNonNull(self, "self");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.whereabouts = Objects.requireNonNull(whereabouts, "whereabouts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("run-reaper").factory());
    }

    /** Registers this instance, reaps once, then beats and reaps every heartbeat. A store that is down is retried. */
    public RunReaper start() {
        try {
            instances.register(self, whereabouts.host(), whereabouts.process());
            int gone = instances.forgetGone(whereabouts.host(), whereabouts.processGone());
            if (gone > 0) {
                LOG.log(System.Logger.Level.INFO, "{0} earlier instance(s) on this machine had stopped", gone);
            }
            reap();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record this instance yet (retried): {0}", e.getMessage());
        }
        long every = settings.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(this::beatAndReap, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    private void beatAndReap() {
        try {
            if (!instances.beat(self)) {
                instances.register(self, whereabouts.host(), whereabouts.process());
            }
            reap();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "heartbeat or reaping failed (retried): {0}", e.getMessage());
        }
    }

    /** Fails and announces the abandoned runs; returns them. */
    public List<Run> reap() {
        List<Run> failed = runs.failAbandoned(
                settings.silence(),
                clock.instant().minus(settings.timeout()).minus(settings.grace()),
                STOPPED,
                OVERDUE,
                clock.instant());
        for (Run run : failed) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "run {0} failed: {1}",
                    run.id(),
                    run.error().orElse(""));
            ends.announce(run);
        }
        return failed;
    }

    /** Forgets this instance, then fails the runs it still executes (the process is stopping). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            instances.deregister(self);
            reap();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not hand over this instance''s runs: {0}", e.getMessage());
        }
    }
}
