package io.draftnrun.application.components.tools;

import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.shared.DomainException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters the tools that call HTTP servers share: their URL and their headers. */
final class HttpToolParameters {
    private HttpToolParameters() {}

    /** The required parameter {@code name} as an http or https URL, or a VALIDATION error naming it. */
    static URI httpUrl(ResolvedParameters p, String name) {
        URI url;
        try {
            url = URI.create(p.requireString(name).strip());
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("parameter '" + name + "' is not a URL");
        }
        if (url.getScheme() == null
                || !(url.getScheme().equalsIgnoreCase("http") || url.getScheme().equalsIgnoreCase("https"))) {
            throw DomainException.validation("parameter '" + name + "' must be an http or https URL");
        }
        return url;
    }

    /** The JSON object parameter {@code name} as headers, in order; values that are not text are written as JSON. */
    static Map<String, String> headers(ResolvedParameters p, String name) {
        Map<String, String> headers = new LinkedHashMap<>();
        p.jsonObject(name)
                .orElse(Map.of())
                .forEach((k, v) -> headers.put(k, v instanceof String s ? s : Json.write(v)));
        return headers;
    }
}
