package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.shared.DomainException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Reads the JSON object a REST, OpenAI or MCP request carries, bounded in size, with VALIDATION errors a client can act on. */
final class JsonBodies {
    /** The largest request body these routes read (10 MiB); a larger one is refused before it is parsed. */
    static final int MAX_BODY = 10 * 1024 * 1024;

    private JsonBodies() {}

    /**
     * The request's body as a JSON object.
     *
     * @param emptyIsAnObject whether an empty body stands for {@code {}} (else it is refused like any non-object)
     * @param notAnObject the message when the body is valid JSON but not one object
     */
    static Map<String, Object> object(ServerRequest req, boolean emptyIsAnObject, String notAnObject) {
        byte[] bytes;
        try (InputStream in = req.content().inputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw DomainException.validation("could not read the request body");
        }
        if (bytes.length > MAX_BODY) {
            throw DomainException.validation("request body larger than " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0 && emptyIsAnObject) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = bytes.length == 0 ? null : Json.read(bytes, Object.class);
        } catch (IOException e) {
            throw DomainException.validation("the request body is not valid JSON");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw DomainException.validation(notAnObject);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) map;
        return result;
    }
}
