package io.draftnrun.domain.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes cumulative token counts and error counts over the spans of one trace, whatever order they finished in. A
 * span whose parent is not in the list contributes to nothing above it.
 */
public final class TraceRollups {
    private TraceRollups() {}

    public static Map<SpanId, Rollup> compute(List<Span> spans) {
        Map<SpanId, List<Span>> children = new HashMap<>();
        Map<SpanId, Span> byId = new HashMap<>();
        for (Span s : spans) {
            byId.put(s.spanId(), s);
            s.parentId()
                    .ifPresent(p ->
                            children.computeIfAbsent(p, k -> new ArrayList<>()).add(s));
        }
        Map<SpanId, Rollup> result = new HashMap<>();
        for (Span s : spans) {
            rollup(s, children, result);
        }
        return result;
    }

    // Iterative post-order so a very deep tree cannot overflow the stack.
    private static Rollup rollup(Span start, Map<SpanId, List<Span>> children, Map<SpanId, Rollup> done) {
        if (done.containsKey(start.spanId())) {
            return done.get(start.spanId());
        }
        java.util.ArrayDeque<Span> stack = new java.util.ArrayDeque<>();
        java.util.Set<SpanId> onStack = new java.util.HashSet<>();
        stack.push(start);
        onStack.add(start.spanId());
        while (!stack.isEmpty()) {
            Span top = stack.peek();
            boolean ready = true;
            for (Span c : children.getOrDefault(top.spanId(), List.of())) {
                if (!done.containsKey(c.spanId()) && onStack.add(c.spanId())) { // a cycle is ignored
                    stack.push(c);
                    ready = false;
                }
            }
            if (ready) {
                stack.pop();
                Rollup r = Rollup.own(top);
                for (Span c : children.getOrDefault(top.spanId(), List.of())) {
                    r = r.plus(done.getOrDefault(c.spanId(), Rollup.ZERO));
                }
                done.put(top.spanId(), r);
            }
        }
        return done.get(start.spanId());
    }
}
