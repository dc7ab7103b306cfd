package io.draftnrun.application.components.tools.port;

import io.draftnrun.application.components.tools.OutboundHttpOutcome;
import io.draftnrun.application.components.tools.OutboundHttpRequest;

/**
 * Sends one HTTP request on behalf of a tool. Implementations refuse private, loopback, link-local and metadata
 * addresses unless allow-listed, follow redirects themselves re-checking each hop, and cap the response size.
 */
public interface OutboundHttp {
    /** Never throws for network trouble or a refusal: see {@link OutboundHttpOutcome}. */
    OutboundHttpOutcome send(OutboundHttpRequest request);
}
