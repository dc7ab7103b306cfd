package io.draftnrun.adapter.in.http;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsRouting;

/**
 * A protocol served on the HTTP transport (GraphQL over HTTP and WebSocket, REST runs, the OpenAI and MCP endpoints):
 * its routes and WebSocket endpoints. Bootstrap hands the services to {@link HttpApi}, so the transport names none of
 * them and the graphql adapter plugs in without this module depending on it (ADR 0024).
 */
public interface HttpService {
    /** Adds the service's routes; the transport's filters (request ids, CORS, metrics) already apply to them. */
    void routing(HttpRouting.Builder routing);

    /** Adds the service's WebSocket endpoints; none by default. */
    default void websocket(WsRouting.Builder routing) {}
}
