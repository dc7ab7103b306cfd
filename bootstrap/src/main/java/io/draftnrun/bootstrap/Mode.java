package io.draftnrun.bootstrap;

/** How the process runs: the API against configured services, everything embedded, or the ingestion worker. */
public enum Mode {
    SERVE("serve"),
    DEV("dev"),
    WORKER("worker");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
