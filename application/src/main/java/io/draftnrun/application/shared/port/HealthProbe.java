package io.draftnrun.application.shared.port;

/** Checks one dependency (a database, Redis...) quickly; never throws. */
public interface HealthProbe {
    /** Stable name shown in /health, e.g. {@code backendDatabase}. */
    String name();

    /** Runs the check with a short timeout. */
    HealthStatus check();

    /** Result of a probe: up, or down with a reason safe to show (no secrets). */
    record HealthStatus(boolean up, String detail) {
        public static HealthStatus ok() {
            return new HealthStatus(true, "ok");
        }

        public static HealthStatus down(String detail) {
            return new HealthStatus(false, detail);
        }
    }
}
