package io.draftnrun.domain.project;

import java.util.Optional;

/**
 * What a graph version is to its project: the draft (the only editable one), the production version, or a
 * previously deployed version kept in history. A project has exactly one draft and at most one production version.
 */
public enum Binding {
    DRAFT,
    PRODUCTION,
    HISTORY;

    /** The run environment this binding serves, empty for history. */
    public Optional<Environment> environment() {
        return switch (this) {
            case DRAFT -> Optional.of(Environment.DRAFT);
            case PRODUCTION -> Optional.of(Environment.PRODUCTION);
            case HISTORY -> Optional.empty();
        };
    }

    public static Binding of(Environment environment) {
        return environment == Environment.DRAFT ? DRAFT : PRODUCTION;
    }
}
