package io.draftnrun.domain.project;

import java.util.Arrays;

/** Where a run takes its graph from: the project's draft or its production version ({@code /{env}/run}). */
public enum Environment {
    DRAFT("draft"),
    PRODUCTION("production");

    private final String wireName;

    Environment(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Environment fromWireName(String name) {
        return Arrays.stream(values())
                .filter(e -> e.wireName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown environment: " + name));
    }
}
