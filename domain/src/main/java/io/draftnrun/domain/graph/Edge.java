package io.draftnrun.domain.graph;

import java.util.Objects;

/**
 * A data edge: the target receives the source's whole output as one of its inputs.
 *
 * @param order position of this input among the target's inputs (the reference's missing order is 0)
 */
public record Edge(EdgeId id, NodeId source, NodeId target, int order) {
    public Edge {
        Objects.requireNonNull(id, "edge id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }
}
