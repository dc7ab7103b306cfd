package io.draftnrun.application.shared;

import java.util.List;

/** What this server is: version, runtime mode ({@code dev}, {@code serve}, {@code worker}) and its adapters. */
public record ServerInfo(String version, String mode, List<AdapterBinding> adapters) {
    public ServerInfo {
        adapters = List.copyOf(adapters);
    }
}
