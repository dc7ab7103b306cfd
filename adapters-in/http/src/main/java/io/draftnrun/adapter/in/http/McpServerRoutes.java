package io.draftnrun.adapter.in.http;

import io.draftnrun.application.project.ProjectQueries;
import io.draftnrun.application.run.RunProject;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Run;
import io.draftnrun.domain.run.RunEvent;
import io.draftnrun.domain.run.RunStatus;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.shared.Uuids;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every deployed project as an MCP server (ADR 0020): {@code POST /projects/{projectId}/{env}/mcp}, the Streamable
 * HTTP transport of the Model Context Protocol, stateless (no session id; {@code GET} and {@code DELETE} are 405, as
 * the transport allows for a server that sends nothing on its own). Authenticated by the project's API key
 * ({@code Authorization: Bearer <key>} or {@code X-API-Key}): 401 without a valid key, 404 for any project but the
 * key's own (an API key never learns whether another project exists).
 *
 * <p>JSON-RPC methods: {@code initialize} (the client's protocol version when known, else the latest),
 * {@code ping}, {@code tools/list} and {@code tools/call}; notifications are accepted with 202. The project is ONE
 * tool named after the project, described by the project's description, whose input schema is built from the Input
 * block's {@code payload_schema} (each key a property, typed by its default). A call is an ordinary run of the
 * environment with the arguments as the request; a client that accepts {@code text/event-stream} and gives a
 * {@code progressToken} gets the run's events as {@code notifications/progress} (the event in {@code _meta}) before
 * the result. The result's text content is the run's message, its {@code structuredContent}
 * {@code {message, artifacts, run_id}}; a failed run is a result with {@code isError: true}.
 */
public final class McpServerRoutes implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(McpServerRoutes.class);
    private static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    private static final Object END = new Object();

    private final RunProject runProject;
    private final ProjectQueries projects;
    private final ApiKeyAuthenticator keys;
    private final String serverVersion;

    public McpServerRoutes(RunProject runProject, ProjectQueries projects, ApiKeyAuthenticator keys, String version) {
        this.runProject = runProject;
        this.projects = projects;
        this.keys = keys;
        this.serverVersion = version;
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.post("/projects/{projectId}/{env}/mcp", this::post);
        routing.get("/projects/{projectId}/{env}/mcp", McpServerRoutes::notAllowed);
        routing.delete("/projects/{projectId}/{env}/mcp", McpServerRoutes::notAllowed);
    }

    private static void notAllowed(ServerRequest req, ServerResponse res) {
        res.status(Status.METHOD_NOT_ALLOWED_405);
        res.header(HeaderNames.ALLOW, "POST");
        res.send();
    }

    private void post(ServerRequest req, ServerResponse res) {
        Object id = null;
        try {
            Actor actor = authenticate(req);
            ProjectId projectId =
                    new ProjectId(Uuids.parse(req.path().pathParameters().get("projectId"), "projectId"));
            Environment environment = environment(req.path().pathParameters().get("env"));
            if (!actor.apiKeyProjectId().map(projectId.value()::equals).orElse(false)) {
                throw DomainException.notFound("project " + projectId);
            }
            Map<String, Object> message = body(req);
            id = message.get("id");
            Object method = message.get("method");
            if (!(method instanceof String name)) {
                if (message.containsKey("result") || message.containsKey("error")) {
                    accepted(res); // a response to a request we never send
                    return;
                }
                sendJson(res, Status.BAD_REQUEST_400, error(id, -32600, "not a JSON-RPC request"));
                return;
            }
            if (id == null) { // a notification (initialized, cancelled...)
                accepted(res);
                return;
            }
            Map<String, Object> params = message.get("params") instanceof Map<?, ?> p ? cast(p) : Map.of();
            switch (name) {
                case "initialize" -> sendJson(res, Status.OK_200, result(id, initialize(actor, environment, params)));
                case "ping" -> sendJson(res, Status.OK_200, result(id, Map.of()));
                case "tools/list" ->
                    sendJson(res, Status.OK_200, result(id, Map.of("tools", List.of(tool(actor, environment)))));
                case "tools/call" -> call(req, res, actor, projectId, environment, id, params);
                default -> sendJson(res, Status.OK_200, error(id, -32601, "method not found: " + name));
            }
        } catch (RuntimeException e) {
            HttpErrors.send(req, res, e, "MCP request", errors(id));
        }
    }

    private Map<String, Object> initialize(Actor actor, Environment environment, Map<String, Object> params) {
        Object asked = params.get("protocolVersion");
        String version = asked instanceof String s && VERSIONS.contains(s) ? s : VERSIONS.get(0);
        Project project = projects.keyProject(actor).project();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("protocolVersion", version);
        result.put("capabilities", Map.of("tools", Map.of("listChanged", false)));
        result.put("serverInfo", Map.of("name", "draftnrun-" + toolName(project), "version", serverVersion));
        result.put(
                "instructions",
                "Runs the Draft'n run project '" + project.name() + "' (" + environment.wireName()
                        + ") through its one tool.");
        return result;
    }

    private Map<String, Object> tool(Actor actor, Environment environment) {
        ProjectQueries.KeyProjectTool tool = projects.keyProjectTool(actor, environment);
        Project project = tool.project();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", toolName(project));
        m.put("title", project.name());
        m.put(
                "description",
                project.description().isBlank()
                        ? "Runs the workflow '" + project.name() + "' and returns its answer."
                        : project.description());
        m.put("inputSchema", inputSchema(tool.payloadSchema()));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("type", "object");
        output.put(
                "properties",
                Map.of(
                        "message", Map.of("type", "string"),
                        "artifacts", Map.of("type", "object"),
                        "run_id", Map.of("type", "string")));
        output.put("required", List.of("message", "run_id"));
        m.put("outputSchema", output);
        return m;
    }

    /** The tool's name: the project's name in the characters MCP allows ({@code [A-Za-z0-9_.-]}, 1 to 64). */
    static String toolName(Project project) {
        String name = project.name().strip().replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^_+|_+$", "");
        if (name.isEmpty()) {
            name = "project";
        }
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** A JSON schema from the payload schema (keys and defaults): each key a property typed by its default. */
    static Map<String, Object> inputSchema(Map<String, Object> payloadSchema) {
        Map<String, Object> properties = new LinkedHashMap<>();
        payloadSchema.forEach((key, value) -> {
            Map<String, Object> property = new LinkedHashMap<>();
            if (Payload.MESSAGES.equals(key)) {
                property.put("type", "array");
                property.put(
                        "description", "The conversation: chat messages {role, content}, the last one the user's.");
                property.put(
                        "items",
                        Map.of(
                                "type", "object",
                                "properties",
                                        Map.of(
                                                "role",
                                                Map.of(
                                                        "type",
                                                        "string",
                                                        "enum",
                                                        List.of("system", "user", "assistant")),
                                                "content",
                                                Map.of("type", "string")),
                                "required", List.of("role", "content")));
            } else {
                String type = switch (value) {
                    case null -> null;
                    case String s -> "string";
                    case Boolean b -> "boolean";
                    case Integer i -> "integer";
                    case Long l -> "integer";
                    case Number n -> "number";
                    case List<?> l -> "array";
                    case Map<?, ?> m -> "object";
                    default -> "string";
                };
                if (type != null) {
                    property.put("type", type);
                }
            }
            if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
                property.put("default", value);
            }
            properties.put(key, property);
        });
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        return schema;
    }

    private void call(
            ServerRequest req,
            ServerResponse res,
            Actor actor,
            ProjectId projectId,
            Environment environment,
            Object id,
            Map<String, Object> params) {
        Project project = projects.keyProject(actor).project();
        if (!toolName(project).equals(params.get("name"))) {
            sendJson(res, Status.OK_200, error(id, -32602, "unknown tool: " + params.get("name")));
            return;
        }
        Map<String, Object> arguments = params.get("arguments") instanceof Map<?, ?> a ? cast(a) : Map.of();
        Object progressToken = params.get("_meta") instanceof Map<?, ?> meta ? meta.get("progressToken") : null;
        boolean sse = req.headers()
                .first(HeaderNames.ACCEPT)
                .map(a -> a.contains("text/event-stream"))
                .orElse(false);
        RunProject.Command command = new RunProject.Command(projectId, environment, arguments, true);
        if (progressToken == null || !sse) {
            CountedRun counted = CountedRun.handle(runProject, actor, command, event -> {});
            sendJson(res, Status.OK_200, result(id, toolResult(counted.run())));
            return;
        }
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        CompletableFuture<CountedRun> done = new CompletableFuture<>();
        Thread runner = Thread.ofVirtual().name("mcp-run").start(() -> {
            try {
                done.complete(CountedRun.handle(runProject, actor, command, queue::add));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                queue.add(END);
            }
        });
        OutputStream out = null;
        EventOrder order = new EventOrder();
        try {
            while (true) {
                Object next = queue.poll(15, TimeUnit.SECONDS);
                if (next == END) {
                    break;
                }
                if (next == null) {
                    continue;
                }
                if (out == null) {
                    res.status(Status.OK_200);
                    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                    out = res.outputStream();
                }
                for (RunEvent event : order.accept((RunEvent) next)) {
                    writeEvent(out, progress(progressToken, event));
                }
            }
            if (out != null) {
                for (RunEvent event : order.rest()) {
                    writeEvent(out, progress(progressToken, event));
                }
            }
            Map<String, Object> answer;
            try {
                answer = result(id, toolResult(done.join().run()));
            } catch (CompletionException e) {
                if (e.getCause() instanceof DomainException d) {
                    if (out == null) {
                        throw d;
                    }
                    answer = error(id, -32602, d.getMessage());
                } else {
                    throw e;
                }
            }
            if (out == null) {
                sendJson(res, Status.OK_200, answer);
                return;
            }
            writeEvent(out, answer);
            out.close();
        } catch (IOException e) {
            LOG.debug("MCP stream closed by the client; cancelling its run");
            runner.interrupt();
        } catch (InterruptedException e) {
            runner.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> progress(Object progressToken, RunEvent event) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("progressToken", progressToken);
        progress.put("progress", event.sequence());
        progress.put("message", describe(event));
        progress.put("_meta", Map.of("io.draftnrun/event", RunJson.event(event)));
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("jsonrpc", "2.0");
        notification.put("method", "notifications/progress");
        notification.put("params", progress);
        return notification;
    }

    private static String describe(RunEvent event) {
        return switch (event) {
            case RunEvent.RunStarted e -> "run started";
            case RunEvent.NodeStarted e -> e.nodeName() + " started";
            case RunEvent.TokenDelta e -> e.delta();
            case RunEvent.ToolCallStarted e -> "calling " + e.toolName();
            case RunEvent.ToolCallFinished e -> e.toolName() + (e.error().isPresent() ? " failed" : " answered");
            case RunEvent.NodeFinished e -> e.nodeName() + " finished";
            case RunEvent.NodeFailed e -> e.nodeName() + " failed: " + e.reason();
            case RunEvent.RunFinished e -> "run " + e.status().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static Map<String, Object> toolResult(Run run) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (run.status() != RunStatus.SUCCEEDED) {
            result.put(
                    "content",
                    List.of(Map.of(
                            "type",
                            "text",
                            "text",
                            "the run " + run.id() + " ended " + run.status().name() + ": "
                                    + run.error().orElse(run.status().name()))));
            result.put("isError", true);
            return result;
        }
        String message = run.output().map(Payload::lastMessageText).orElse("");
        Map<String, Object> artifacts = run.output().map(Payload::artifacts).orElse(Map.of());
        List<Map<String, Object>> content = new ArrayList<>();
        content.add(Map.of("type", "text", "text", message));
        if (!artifacts.isEmpty()) {
            content.add(Map.of("type", "text", "text", Json.writeString(Map.of("artifacts", artifacts))));
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("message", message);
        structured.put("artifacts", artifacts);
        structured.put("run_id", run.id().toString());
        result.put("content", content);
        result.put("structuredContent", structured);
        result.put("isError", false);
        return result;
    }

    private static void writeEvent(OutputStream out, Map<String, Object> message) throws IOException {
        out.write(("event: message\ndata: " + Json.writeString(message) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Actor authenticate(ServerRequest req) {
        String key = ApiKeyAuthenticator.of(req)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNAUTHENTICATED, "a project API key is required (Authorization: Bearer <key>)"));
        return keys.authenticate(ApiKeyAuthenticator.normalise(key))
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "invalid or revoked API key"));
    }

    private static Environment environment(String value) {
        try {
            return Environment.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("environment " + value);
        }
    }

    private static Map<String, Object> body(ServerRequest req) {
        return JsonBodies.object(
                req, false, "the request body must be one JSON-RPC message (batches are not supported)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> result(Object id, Object result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("result", result);
        return m;
    }

    /**
     * A refusal of the request itself (no valid key, not the key's project, an outage, a rate limit, an internal
     * error) has the status of {@link HttpStatusOf}; any other error is JSON-RPC's: a 200 carrying an {@code error}
     * object. An internal error carries the request's id as {@code data.correlationId}.
     */
    private static HttpErrors.Format errors(Object id) {
        return new HttpErrors.Format() {
            @Override
            public Object body(ErrorCode code, String message, Optional<String> correlationId) {
                if (correlationId.isPresent()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("jsonrpc", "2.0");
                    m.put("id", id);
                    m.put(
                            "error",
                            Map.of(
                                    "code",
                                    -32603,
                                    "message",
                                    message,
                                    "data",
                                    Map.of("correlationId", correlationId.get())));
                    return m;
                }
                int rpcCode = switch (code) {
                    case UNAUTHENTICATED -> -32001;
                    case NOT_FOUND -> -32002;
                    case UNAVAILABLE, RATE_LIMITED, INTERNAL -> -32603;
                    default -> -32602;
                };
                return error(id, rpcCode, message);
            }

            @Override
            public Status status(ErrorCode code) {
                boolean transport = switch (code) {
                    case UNAUTHENTICATED, NOT_FOUND, UNAVAILABLE, RATE_LIMITED, INTERNAL -> true;
                    default -> false;
                };
                return transport ? HttpStatusOf.of(code) : Status.OK_200;
            }

            @Override
            public void headers(ErrorCode code, ServerResponse res) {
                if (code == ErrorCode.UNAUTHENTICATED) {
                    res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
                }
            }
        };
    }

    private static Map<String, Object> error(Object id, int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("error", Map.of("code", code, "message", message == null ? "error" : message));
        return m;
    }

    private static void accepted(ServerResponse res) {
        res.status(Status.ACCEPTED_202);
        res.send();
    }

    private static void sendJson(ServerResponse res, Status status, Map<String, Object> body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }
}
