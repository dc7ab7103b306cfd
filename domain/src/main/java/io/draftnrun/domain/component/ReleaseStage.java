package io.draftnrun.domain.component;

import java.util.Arrays;

/**
 * How far a component is released: {@code PUBLIC} and {@code BETA} are offered to every organization,
 * {@code EARLY_ACCESS} and {@code INTERNAL} only to organizations configured for them.
 */
public enum ReleaseStage {
    PUBLIC("public"),
    BETA("beta"),
    EARLY_ACCESS("early_access"),
    INTERNAL("internal");

    private final String wireName;

    ReleaseStage(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ReleaseStage fromWireName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.wireName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown release stage: " + name));
    }
}
