package io.draftnrun.adapter.out.http;

import io.draftnrun.application.components.tools.HttpMethod;
import io.draftnrun.application.components.tools.OutboundHttpOutcome;
import io.draftnrun.application.components.tools.OutboundHttpRequest;
import io.draftnrun.application.components.tools.OutboundHttpResponse;
import io.draftnrun.application.components.tools.port.McpToolServers;
import io.draftnrun.application.components.tools.port.OutboundHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MCP client over Streamable HTTP (ADR 0020) whose every exchange goes through the guarded outbound HTTP client
 * of the API Call tool ({@link GuardedOutboundHttp}: address policy and allow-list, redirects re-checked, response
 * size cap, timeout). Each operation is a short session: {@code initialize}, {@code notifications/initialized}, the
 * request(s), then {@code DELETE} of the session when the server gave one. A response may come as JSON or as a
 * server-sent event stream (read whole, capped; the answer is the message with the request's id).
 */
public final class GuardedMcpClient implements McpToolServers {
    static final String PROTOCOL_VERSION = "2025-06-18";
    private static final int MAX_PAGES = 20;

    private final OutboundHttp http;
    private final AtomicLong ids = new AtomicLong();

    public GuardedMcpClient(OutboundHttp http) {
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
        T run(Session session);
    }

    private <T> T inSession(Server server, Work<T> work) {
        Session session = new Session(server);
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("protocolVersion", PROTOCOL_VERSION);
        init.put("capabilities", Map.of());
        init.put("clientInfo", Map.of("name", "draftnrun", "version", "1"));
        session.request("initialize", init);
        session.notify("notifications/initialized");
        try {
            return work.run(session);
        } finally {
            session.close();
        }
    }

    private final class Session {
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

        Map<String, Object> request(String method, Map<String, Object> params) {
            long id = ids.incrementAndGet();
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("jsonrpc", "2.0");
            message.put("id", id);
            message.put("method", method);
            message.put("params", params);
            OutboundHttpResponse response = send(message);
            if ("initialize".equals(method)) {
                sessionId = response.header("Mcp-Session-Id");
            }
            Map<String, Object> answer = answer(response, id);
            if (answer.get("error") instanceof Map<?, ?> error) {
                throw new McpFailure(method + " failed: " + error.get("message"));
            }
            if (!(answer.get("result") instanceof Map<?, ?> result)) {
                throw new McpFailure(method + ": the server's answer has no result");
            }
            if ("initialize".equals(method) && result.get("protocolVersion") instanceof String v) {
                version = v;
            }
            return cast(result);
        }

        void notify(String method) {
            send(Map.of("jsonrpc", "2.0", "method", method));
        }

        private OutboundHttpResponse send(Map<String, Object> message) {
            OutboundHttpRequest request = new OutboundHttpRequest(
                    HttpMethod.POST, server.url(), headers(), Map.of(), Optional.of(write(message)), server.timeout());
            OutboundHttpOutcome outcome = http.send(request);
            return switch (outcome) {
                case OutboundHttpOutcome.Received r when r.response().successful() -> r.response();
                case OutboundHttpOutcome.Received r ->
                    throw new McpFailure("HTTP " + r.response().status() + " from "
                            + server.url().getHost());
                case OutboundHttpOutcome.Refused r -> throw new McpFailure(r.reason());
                case OutboundHttpOutcome.Failed f -> throw new McpFailure(f.message());
            };
        }

        void close() {
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
