package io.draftnrun.application.shared;

import java.util.Objects;

/**
 * Which adapter serves a port in this process, e.g. port {@code backendDatabase}, adapter {@code postgres},
 * embedded {@code true}. Shown by {@code serverInfo}.
 */
public record AdapterBinding(String port, String adapter, boolean embedded, String location) {
    public AdapterBinding {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(adapter, "adapter");
        location = location == null ? "" : location;
    }
}
