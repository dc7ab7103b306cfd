package io.draftnrun.domain.graph;

import java.util.Objects;
import java.util.Optional;

/**
 * A node filling a sub-component slot of another: an agent's tool, a RAG's retriever.
 *
 * @param parent the node whose slot is filled
 * @param child the node filling it
 * @param slot the parent's parameter name (a {@code COMPONENT} or {@code TOOL} parameter)
 * @param order position inside a list slot; a slot with one child and no order receives the child itself
 */
public record Relationship(NodeId parent, NodeId child, String slot, Optional<Integer> order) {
    public Relationship {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(slot, "slot");
        order = order == null ? Optional.empty() : order;
    }
}
