package io.draftnrun.adapter.out.http;

import io.draftnrun.application.components.tools.HttpMethod;
import io.draftnrun.application.components.tools.OutboundHttpOutcome;
import io.draftnrun.application.components.tools.OutboundHttpRequest;
import io.draftnrun.application.components.tools.OutboundHttpResponse;
import io.draftnrun.application.components.tools.port.McpToolServers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MCP client over Streamable HTTP (ADR 0020) whose every exchange goes through the guarded outbound HTTP client
 * of the API Call tool ({@link GuardedOutboundHttp}: address policy and allow-list, redirects re-checked, response
 * size cap, timeout). Each operation is a short session: {@code initialize}, {@code notifications/initialized}, the
 * request(s), then {@code DELETE} of the session when the server gave one. A response may come as JSON or as a
 * server-sent event stream (read whole, capped; the answer is the message with the request's id). A server refusing
 * the Streamable HTTP {@code initialize} (400, 404, 405) is spoken to over the older HTTP+SSE transport.
 */
public final class GuardedMcpClient implements McpToolServers {
    static final String PROTOCOL_VERSION = "2025-06-18";
    private static final int MAX_PAGES = 20;

    private final GuardedOutboundHttp http;
    private final AtomicLong ids = new AtomicLong();

    public GuardedMcpClient(GuardedOutboundHttp http) {
        this.http = http;
    }

    @Override
    public List<RemoteTool> listTools(Server server) {
        return inSession(server, session -> {
            List<RemoteTool> tools = new ArrayList<>();
            Object cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                Map<String, Object> params = cursor == null ? Map.of() : Map.of("cursor", cursor);
                Map<String, Object> result = session.request("tools/list", params);
                if (result.get("tools") instanceof List<?> list) {
                    for (Object item : list) {
                        if (item instanceof Map<?, ?> tool && tool.get("name") instanceof String name) {
                            tools.add(new RemoteTool(
                                    name,
                                    tool.get("description") instanceof String d ? d : "",
                                    tool.get("inputSchema") instanceof Map<?, ?> schema ? cast(schema) : null));
                        }
                    }
                }
                cursor = result.get("nextCursor");
                if (cursor == null) {
                    break;
                }
            }
            return tools;
        });
    }

    @Override
    public CallResult callTool(Server server, String name, Map<String, Object> arguments) {
        return inSession(server, session -> {
            Map<String, Object> result = session.request("tools/call", Map.of("name", name, "arguments", arguments));
            StringBuilder text = new StringBuilder();
            if (result.get("content") instanceof List<?> content) {
                for (Object item : content) {
                    if (!(item instanceof Map<?, ?> part)) {
                        continue;
                    }
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    Object type = part.get("type");
                    if ("text".equals(type)) {
                        text.append(part.get("text"));
                    } else if ("resource".equals(type)
                            && part.get("resource") instanceof Map<?, ?> r
                            && r.get("text") instanceof String t) {
                        text.append(t);
                    } else {
                        text.append("[").append(type).append(" content]");
                    }
                }
            }
            if (text.isEmpty() && result.get("structuredContent") != null) {
                text.append(write(result.get("structuredContent")));
            }
            return new CallResult(text.toString(), Boolean.TRUE.equals(result.get("isError")));
        });
    }

    private interface Work<T> {
        T run(Channel session);
    }

    /** A JSON-RPC session with a server, over either transport. */
    private interface Channel {
        Map<String, Object> request(String method, Map<String, Object> params);

        void notify(String method);

        void close();
    }

    /** The server answered the Streamable HTTP {@code initialize} with 400, 404 or 405: it may be an older server. */
    private static final class NotStreamable extends RuntimeException {
        NotStreamable() {
            super(null, null, false, false);
        }
    }

    private static Map<String, Object> initializeParams() {
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("protocolVersion", PROTOCOL_VERSION);
        init.put("capabilities", Map.of());
        init.put("clientInfo", Map.of("name", "draftnrun", "version", "1"));
        return init;
    }

    /**
     * Runs {@code work} in a short session: Streamable HTTP first; when the server refuses that {@code initialize}
     * with 400, 404 or 405, the older HTTP+SSE transport (the backwards compatibility the specification recommends).
     */
    private <T> T inSession(Server server, Work<T> work) {
        Channel session;
        try {
            Session streamable = new Session(server);
            streamable.request("initialize", initializeParams());
            session = streamable;
        } catch (NotStreamable e) {
            session = new LegacySession(server);
            session.request("initialize", initializeParams());
        }
        try {
            session.notify("notifications/initialized");
            return work.run(session);
        } finally {
            session.close();
        }
    }

    /** The Streamable HTTP transport: each request a POST answered by JSON or by an event stream. */
    private final class Session implements Channel {
        private final Server server;
        private Optional<String> sessionId = Optional.empty();
        private String version = PROTOCOL_VERSION;

        Session(Server server) {
            this.server = server;
        }

        private Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>(server.headers());
            headers.put("Accept", "application/json, text/event-stream");
            headers.put("Content-Type", "application/json");
            headers.put("MCP-Protocol-Version", version);
            sessionId.ifPresent(id -> headers.put("Mcp-Session-Id", id));
            return headers;
        }

        @Override
        public Map<String, Object> request(String method, Map<String, Object> params) {
            long id = ids.incrementAndGet();
            OutboundHttpResponse response = post(server, server.url(), headers(), message(id, method, params));
            if (!response.successful()) {
                if ("initialize".equals(method) && Set.of(400, 404, 405).contains(response.status())) {
                    throw new NotStreamable();
                }
                throw new McpFailure(
                        "HTTP " + response.status() + " from " + server.url().getHost());
            }
            if ("initialize".equals(method)) {
                sessionId = response.header("Mcp-Session-Id");
            }
            Map<String, Object> result = result(method, answer(response, id));
            if ("initialize".equals(method) && result.get("protocolVersion") instanceof String v) {
                version = v;
            }
            return result;
        }

        @Override
        public void notify(String method) {
            post(server, server.url(), headers(), Map.of("jsonrpc", "2.0", "method", method));
        }

        @Override
        public void close() {
            if (sessionId.isEmpty()) {
                return;
            }
            try {
                http.send(new OutboundHttpRequest(
                        HttpMethod.DELETE, server.url(), headers(), Map.of(), Optional.empty(), server.timeout()));
            } catch (RuntimeException ignored) {
                // the server expires the session on its own
            }
        }
    }

    /**
     * The older HTTP+SSE transport (protocol 2024-11-05): a {@code GET} event stream whose first {@code endpoint}
     * event names where to POST messages (same origin only); answers come on the stream.
     */
    private final class LegacySession implements Channel {
        private final Server server;
        private final GuardedOutboundHttp.EventStream stream;
        private final java.net.URI endpoint;

        LegacySession(Server server) {
            this.server = server;
            Map<String, String> headers = new LinkedHashMap<>(server.headers());
            long deadline = System.nanoTime() + server.timeout().toNanos();
            try {
                this.stream = http.openEvents(server.url(), headers);
                GuardedOutboundHttp.ServerSentEvent first = stream.next(deadline);
                while (!"endpoint".equals(first.event())) {
                    first = stream.next(deadline);
                }
                java.net.URI target = server.url().resolve(first.data().strip());
                if (!sameOrigin(server.url(), target)) {
                    stream.close();
                    throw new McpFailure("the MCP server's message endpoint is on another origin");
                }
                this.endpoint = target;
            } catch (GuardedOutboundHttp.StreamFailure e) {
                throw new McpFailure(e.getMessage());
            }
        }

        private Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>(server.headers());
            headers.put("Content-Type", "application/json");
            return headers;
        }

        @Override
        public Map<String, Object> request(String method, Map<String, Object> params) {
            long id = ids.incrementAndGet();
            long deadline = System.nanoTime() + server.timeout().toNanos();
            OutboundHttpResponse response = post(server, endpoint, headers(), message(id, method, params));
            if (!response.successful()) {
                throw new McpFailure(
                        "HTTP " + response.status() + " from " + server.url().getHost());
            }
            try {
                while (true) {
                    GuardedOutboundHttp.ServerSentEvent event = stream.next(deadline);
                    if (!"message".equals(event.event())) {
                        continue;
                    }
                    Map<String, Object> message = read(event.data());
                    if (message.get("id") instanceof Number n && n.longValue() == id) {
                        return result(method, message);
                    }
                }
            } catch (GuardedOutboundHttp.StreamFailure e) {
                throw new McpFailure(e.getMessage());
            }
        }

        @Override
        public void notify(String method) {
            post(server, endpoint, headers(), Map.of("jsonrpc", "2.0", "method", method));
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    private static boolean sameOrigin(java.net.URI a, java.net.URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(java.net.URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static Map<String, Object> message(long id, String method, Map<String, Object> params) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        return message;
    }

    private static Map<String, Object> result(String method, Map<String, Object> answer) {
        if (answer.get("error") instanceof Map<?, ?> error) {
            throw new McpFailure(method + " failed: " + error.get("message"));
        }
        if (!(answer.get("result") instanceof Map<?, ?> result)) {
            throw new McpFailure(method + ": the server's answer has no result");
        }
        return cast(result);
    }

    /** A POST through the guard; any HTTP status comes back, refusals and network failures are thrown. */
    private OutboundHttpResponse post(
            Server server, java.net.URI url, Map<String, String> headers, Map<String, Object> message) {
        OutboundHttpRequest request = new OutboundHttpRequest(
                HttpMethod.POST, url, headers, Map.of(), Optional.of(write(message)), server.timeout());
        return switch (http.send(request)) {
            case OutboundHttpOutcome.Received r -> r.response();
            case OutboundHttpOutcome.Refused r -> throw new McpFailure(r.reason());
            case OutboundHttpOutcome.Failed f -> throw new McpFailure(f.message());
        };
    }

    /** The JSON-RPC response with {@code id}: the body itself (JSON), or one of the stream's events (SSE). */
    static Map<String, Object> answer(OutboundHttpResponse response, long id) {
        String contentType = response.header("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        if (contentType.contains("text/event-stream")) {
            for (String event : response.body().replace("\r\n", "\n").split("\n\n")) {
                StringBuilder data = new StringBuilder();
                for (String line : event.split("\n")) {
                    if (line.startsWith("data:")) {
                        if (!data.isEmpty()) {
                            data.append('\n');
                        }
                        data.append(line.substring(5).stripLeading());
                    }
                }
                if (data.isEmpty()) {
                    continue;
                }
                Map<String, Object> message = read(data.toString());
                if (message.get("id") instanceof Number n && n.longValue() == id) {
                    return message;
                }
            }
            throw new McpFailure("the server's event stream ended without an answer");
        }
        Map<String, Object> message = read(response.body());
        return message;
    }

    private static Map<String, Object> read(String text) {
        try {
            Object value = io.draftnrun.domain.run.Json.parse(text);
            if (value instanceof Map<?, ?> map) {
                return cast(map);
            }
        } catch (RuntimeException e) {
            // below
        }
        throw new McpFailure("the server's answer is not a JSON-RPC message");
    }

    private static String write(Object value) {
        return io.draftnrun.domain.run.Json.write(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
