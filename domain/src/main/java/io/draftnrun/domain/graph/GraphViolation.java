package io.draftnrun.domain.graph;

import io.draftnrun.domain.shared.Violation;
import java.util.Objects;

/**
 * One thing wrong with a graph: its {@link Kind}, where ({@code nodes[<id>].parameters.<name>}, {@code edges[<id>]}...)
 * and a message for the user. {@link #toViolation()} puts the kind's code first in the message so API clients can
 * tell the kinds apart.
 */
public record GraphViolation(Kind kind, String path, String message) {

    /** The kinds of violation {@link GraphValidator} reports. */
    public enum Kind {
        UNKNOWN_COMPONENT,
        UNKNOWN_PARAMETER,
        WRONG_TYPE,
        MISSING_REQUIRED_VALUE,
        SLOT_CHILD_NOT_ALLOWED,
        RELATIONSHIP_TO_UNKNOWN_NODE,
        EDGE_TO_UNKNOWN_NODE,
        CYCLE,
        NO_START_NODE,
        DUPLICATE_ID,
        /** The organization may not use the component (release stage). */
        COMPONENT_NOT_AVAILABLE,
        /** No model of that name on this server. */
        UNKNOWN_MODEL,
        /** The model cannot do what the parameter needs (e.g. function calling for an agent). */
        MODEL_LACKS_CAPABILITY,
        /** A value of the right type that is still wrong (e.g. a file: URL where an http(s) one is needed). */
        INVALID_VALUE,
        /** A secret the organization does not have. */
        UNKNOWN_SECRET,
        /** A knowledge source the organization does not have. */
        UNKNOWN_SOURCE
    }

    public GraphViolation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public Violation toViolation() {
        return new Violation(path, kind.name() + ": " + message);
    }
}
