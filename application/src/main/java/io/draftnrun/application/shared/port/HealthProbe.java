package io.draftnrun.application.shared.port;

import io.draftnrun.application.shared.HealthStatus;

/** Checks one dependency (a database, Redis...) quickly; never throws. */
public interface HealthProbe {
    /** Stable name shown in /health, e.g. {@code backendDatabase}. */
    String name();

    /** Runs the check with a short timeout. */
    HealthStatus check();
}
