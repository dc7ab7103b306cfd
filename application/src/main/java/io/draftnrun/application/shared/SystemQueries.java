package io.draftnrun.application.shared;

import io.draftnrun.application.shared.port.HealthProbe;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads about the server itself: {@code serverInfo} (open to anyone) and the health of each dependency. A change of
 * a dependency's state is logged once, in one line, not at every probe.
 */
public final class SystemQueries {
    private static final System.Logger LOG = System.getLogger(SystemQueries.class.getName());

    private final ServerInfo serverInfo;
    private final List<HealthProbe> probes;
    private final Map<String, Boolean> lastState = new ConcurrentHashMap<>();

    public SystemQueries(ServerInfo serverInfo, List<HealthProbe> probes) {
        this.serverInfo = serverInfo;
        this.probes = List.copyOf(probes);
    }

    public ServerInfo serverInfo() {
        return serverInfo;
    }

    /** Probes every dependency at once (each probe bounds its own wait); the map keeps the probes' order. */
    public Health health() {
        Map<String, HealthStatus> states = new LinkedHashMap<>();
        List<Future<HealthStatus>> checks = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HealthProbe probe : probes) {
                checks.add(executor.submit(probe::check));
            }
        }
        for (int i = 0; i < probes.size(); i++) {
            HealthProbe probe = probes.get(i);
            HealthStatus status;
            try {
                status = checks.get(i).get();
            } catch (ExecutionException e) {
                status = HealthStatus.down(e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = HealthStatus.down("interrupted");
            }
            states.put(probe.name(), status);
            Boolean previous = lastState.put(probe.name(), status.up());
            if (previous == null ? !status.up() : previous != status.up()) {
                if (status.up()) {
                    LOG.log(Level.INFO, "dependency {0} is up again", probe.name());
                } else {
                    LOG.log(Level.ERROR, "dependency {0} is DOWN: {1}", probe.name(), status.detail());
                }
            }
        }
        return new Health(states);
    }

    /** The state of every dependency; {@link #up()} when all are up. */
    public record Health(Map<String, HealthStatus> dependencies) {
        public boolean up() {
            return dependencies.values().stream().allMatch(HealthStatus::up);
        }
    }
}
