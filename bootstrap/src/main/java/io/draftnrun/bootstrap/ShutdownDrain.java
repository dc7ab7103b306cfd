package io.draftnrun.bootstrap;

import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.port.HealthProbe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first phase of a server's stop, for rolling restarts behind a load balancer: for {@code SHUTDOWN_DRAIN_SECONDS}
 * (0 by default: no drain) after SIGTERM the server keeps serving every request but {@code /health} answers 503 with
 * {@code server: down}, so the balancer (or a Kubernetes readiness probe) sends no new request to it; only then does
 * the listener close. Without it a request sent between the balancer's last health check and the close is refused or
 * reset.
 */
final class ShutdownDrain implements HealthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);

    private final Duration period;
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private volatile boolean draining;

    ShutdownDrain(Duration period) {
        this.period = period;
    }

    @Override
    public String name() {
        return "server";
    }

    @Override
    public HealthStatus check() {
        return draining ? HealthStatus.down("stopping") : HealthStatus.ok();
    }

    /** Turns the health down, then waits out the drain period (the shutdown hook's thread; the server still serves). */
    void drain() {
        if (period.isZero()) {
            return;
        }
        draining = true;
        LOG.info("draining: /health answers 503 for {} s before the listener closes", period.toSeconds());
        try {
            interrupted.await(period.toMillis(), TimeUnit.MILLISECONDS); // the drain period itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
