package io.draftnrun.application.components.tools;

import io.draftnrun.application.components.tools.port.OutboundHttp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Fake {@link OutboundHttp}: replays queued outcomes in order and records the requests it was given. */
public final class ScriptedOutboundHttp implements OutboundHttp {
    private final Deque<OutboundHttpOutcome> outcomes = new ArrayDeque<>();
    private final List<OutboundHttpRequest> requests = new ArrayList<>();

    public ScriptedOutboundHttp thenReturn(OutboundHttpOutcome outcome) {
        outcomes.add(outcome);
        return this;
    }

    public List<OutboundHttpRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public OutboundHttpOutcome send(OutboundHttpRequest request) {
        requests.add(request);
        OutboundHttpOutcome next = outcomes.poll();
        return next != null ? next : new OutboundHttpOutcome.Failed("no scripted response left for " + request.url());
    }
}
