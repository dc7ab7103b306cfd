package io.draftnrun.application.shared;

/** Result of a health probe: up, or down with a reason safe to show (no secrets). */
public record HealthStatus(boolean up, String detail) {
    public static HealthStatus ok() {
        return new HealthStatus(true, "ok");
    }

    public static HealthStatus down(String detail) {
        return new HealthStatus(false, detail);
    }
}
