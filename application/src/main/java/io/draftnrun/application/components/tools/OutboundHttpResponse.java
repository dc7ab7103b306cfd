package io.draftnrun.application.components.tools;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response, whatever its status (a 404 or a 500 is a response, not a failure): the status, the headers
 * (names lower-cased), the body decoded as text, and the URL that answered after redirects.
 */
public record OutboundHttpResponse(int status, Map<String, List<String>> headers, String body, URI finalUrl) {
    public OutboundHttpResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        headers = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(finalUrl, "finalUrl");
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
