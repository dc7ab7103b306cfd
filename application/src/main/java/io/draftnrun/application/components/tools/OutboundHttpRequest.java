package io.draftnrun.application.components.tools;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request to send: method, absolute http(s) URL, headers, query parameters appended to the URL's own,
 * an optional JSON body (already serialized; sent with {@code Content-Type: application/json} unless a header
 * says otherwise) and the time allowed for the whole exchange, redirects included.
 */
public record OutboundHttpRequest(
        HttpMethod method,
        URI url,
        Map<String, String> headers,
        Map<String, String> queryParameters,
        Optional<String> jsonBody,
        Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public OutboundHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        queryParameters = Collections.unmodifiableMap(new LinkedHashMap<>(queryParameters));
        Objects.requireNonNull(jsonBody, "jsonBody");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public static OutboundHttpRequest get(URI url) {
        return new OutboundHttpRequest(HttpMethod.GET, url, Map.of(), Map.of(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    public OutboundHttpRequest withHeaders(Map<String, String> value) {
        return new OutboundHttpRequest(method, url, value, queryParameters, jsonBody, timeout);
    }

    public OutboundHttpRequest withQueryParameters(Map<String, String> value) {
        return new OutboundHttpRequest(method, url, headers, value, jsonBody, timeout);
    }

    public OutboundHttpRequest withJsonBody(String value) {
        return new OutboundHttpRequest(method, url, headers, queryParameters, Optional.of(value), timeout);
    }

    public OutboundHttpRequest withMethod(HttpMethod value) {
        return new OutboundHttpRequest(value, url, headers, queryParameters, jsonBody, timeout);
    }

    public OutboundHttpRequest withTimeout(Duration value) {
        return new OutboundHttpRequest(method, url, headers, queryParameters, jsonBody, value);
    }

    /** Header values are not shown: they often carry API keys. */
    @Override
    public String toString() {
        return "OutboundHttpRequest[" + method + " " + url + ", headers=" + headers.keySet() + ", timeout=" + timeout
                + "]";
    }
}
