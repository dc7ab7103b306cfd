package io.draftnrun.application.components.tools;

import java.util.Objects;

/**
 * What sending a request gave: a response (any status), a refusal by the guard before or during the exchange
 * (forbidden address, scheme, too many redirects, body too large), or a failure (DNS, connection, timeout).
 * Messages are safe to show: no header values, no stack trace.
 */
public sealed interface OutboundHttpOutcome {
    record Received(OutboundHttpResponse response) implements OutboundHttpOutcome {
        public Received {
            Objects.requireNonNull(response, "response");
        }
    }

    record Refused(String reason) implements OutboundHttpOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Failed(String message) implements OutboundHttpOutcome {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
