package io.draftnrun.application.components.tools;

/** The methods the API Call tool offers; GET and DELETE carry parameters in the query string, the others a body. */
public enum HttpMethod {
    GET,
    POST,
    PUT,
    DELETE,
    PATCH;

    /** Whether the reference sends the tool's parameters as a JSON body (otherwise as query parameters). */
    public boolean sendsBody() {
        return this == POST || this == PUT || this == PATCH;
    }
}
