package io.draftnrun.domain.shared;

import java.util.Objects;

/** One thing wrong with an input: where ({@code path}, e.g. {@code nodes[2].parameters.model}) and what. */
public record Violation(String path, String message) {
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
