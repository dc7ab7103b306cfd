package io.draftnrun.application.trace;

import io.draftnrun.domain.trace.TraceId;
import io.draftnrun.domain.trace.TraceScope;
import java.util.List;

/**
 * A whole trace: its root as a tree, and every span in pre-order (children by start time) for clients that build the
 * tree themselves. Spans whose parent is missing are attached to the root.
 */
public record TraceTree(TraceId traceId, TraceScope scope, TraceNode root, List<TraceNode> spans) {
    public TraceTree {
        spans = List.copyOf(spans);
    }
}
