package io.draftnrun.adapter.in.http;

import io.draftnrun.application.project.ProjectDetails;
import io.draftnrun.application.project.ProjectQueries;
import io.draftnrun.application.run.RunProject;
import io.draftnrun.domain.llm.TokenUsage;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible chat endpoint (ADR 0020): {@code POST /v1/chat/completions}, {@code GET /v1/models} and
 * {@code GET /v1/models/{model}}, authenticated by a project API key as {@code Authorization: Bearer <key>} (or
 * {@code X-API-Key}), so that any OpenAI SDK or tool given {@code base_url = <server>/v1} runs a project.
 *
 * <p>{@code model} names the project: its id, or its name (the key's project), optionally followed by {@code @draft}
 * or {@code :draft} ({@code @production}/{@code :production}, the default). {@code messages} become the run's input
 * ({@code {"messages": [...]}}, role {@code developer} read as {@code system}); the run is an ordinary run (stored,
 * traced, counted). Not streamed: a {@code chat.completion} with the run's message and the tokens of its model calls
 * in {@code usage}. {@code stream: true}: {@code chat.completion.chunk} server-sent events, one per token the run's
 * models stream (or the whole message at the end when none streamed), a last chunk with {@code finish_reason: stop},
 * a usage chunk when {@code stream_options.include_usage}, then {@code data: [DONE]}. A client that goes away
 * cancels the run.
 *
 * <p>Errors have OpenAI's body {@code {"error": {"message", "type", "param", "code"}}}: 401 for a missing, unknown or
 * revoked key; 404 {@code model_not_found} for a project of another organization (as for one that does not exist), an
 * unknown name or an environment without a version; 403 for another project of the key's organization; 400 for a
 * malformed request and for a run that failed (type {@code run_error}; not 5xx, which SDKs retry, starting the run
 * again); 429 when rate limited; 503 when the database or queue cannot be reached.
 */
public final class OpenAiRoutes implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiRoutes.class);
    private static final Object END = new Object();

    private final RunProject runProject;
    private final ProjectQueries projects;
    private final ApiKeyAuthenticator keys;

    public OpenAiRoutes(RunProject runProject, ProjectQueries projects, ApiKeyAuthenticator keys) {
        this.runProject = runProject;
        this.projects = projects;
        this.keys = keys;
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.post("/v1/chat/completions", this::chat);
        routing.get("/v1/models", this::models);
        routing.get("/v1/models/{model}", this::model);
    }

    /** A model name read: the project (by id, or by name) and the environment. */
    record ModelName(Optional<UUID> projectId, String name, Environment environment) {
        static ModelName parse(String model) {
            if (model == null || model.isBlank()) {
                throw DomainException.validation("model is required: a project id or name");
            }
            String base = model.strip();
            Environment environment = Environment.PRODUCTION;
            for (Environment e : Environment.values()) {
                for (String sep : List.of("@", ":")) {
                    String suffix = sep + e.wireName();
                    if (base.toLowerCase(Locale.ROOT).endsWith(suffix) && base.length() > suffix.length()) {
                        environment = e;
                        base = base.substring(0, base.length() - suffix.length());
                    }
                }
            }
            Optional<UUID> id;
            try {
                id = base.length() == 36 ? Optional.of(UUID.fromString(base)) : Optional.empty();
            } catch (IllegalArgumentException e) {
                id = Optional.empty();
            }
            return new ModelName(id, base, environment);
        }
    }

    private void chat(ServerRequest req, ServerResponse res) {
        try {
            String key = key(req);
            Map<String, Object> body;
            ModelName model;
            List<Map<String, Object>> messages;
            try {
                body = body(req);
                model = ModelName.parse(body.get("model") instanceof String s ? s : null);
                messages = messages(body.get("messages"));
            } catch (DomainException e) {
                authenticate(key); // an unknown key is told so first
                throw e;
            }
            Actor actor;
            ProjectId projectId;
            if (model.projectId().isPresent()) {
                projectId = new ProjectId(model.projectId().get());
                actor = authenticate(key);
            } else {
                actor = authenticate(key);
                Project project = projects.keyProject(actor).project();
                if (!project.name().equals(model.name())) {
                    throw DomainException.notFound("model " + model.name());
                }
                projectId = project.id();
            }
            String requested = String.valueOf(body.get("model"));
            RunProject.Command command =
                    new RunProject.Command(projectId, model.environment(), Map.of("messages", messages), true);
            if (Boolean.TRUE.equals(body.get("stream"))) {
                boolean includeUsage = body.get("stream_options") instanceof Map<?, ?> options
                        && Boolean.TRUE.equals(options.get("include_usage"));
                stream(actor, command, requested, includeUsage, res);
                return;
            }
            CountedRun counted = CountedRun.handle(runProject, actor, command, event -> {});
            Run run = counted.run();
            res.header(HeaderNames.create("X-Run-Id"), run.id().toString());
            if (run.status() != RunStatus.SUCCEEDED) {
                sendError(
                        res,
                        Status.BAD_REQUEST_400,
                        "run_error",
                        run.status().name().toLowerCase(Locale.ROOT),
                        runError(run));
                return;
            }
            Map<String, Object> completion = new LinkedHashMap<>();
            completion.put("id", "chatcmpl-" + run.id());
            completion.put("object", "chat.completion");
            completion.put("created", run.createdAt().getEpochSecond());
            completion.put("model", requested);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", run.output().map(Payload::lastMessageText).orElse(""));
            message.put("refusal", null);
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("message", message);
            choice.put("logprobs", null);
            choice.put("finish_reason", "stop");
            completion.put("choices", List.of(choice));
            completion.put("usage", usage(counted.usage()));
            completion.put("system_fingerprint", null);
            completion.put("run_id", run.id().toString());
            completion.put("artifacts", run.output().map(Payload::artifacts).orElse(Map.of()));
            send(res, Status.OK_200, completion);
        } catch (RuntimeException e) {
            HttpErrors.send(req, res, e, "chat completion", ERRORS);
        }
    }

    /**
     * Runs on a virtual thread while this one writes the chunks: token deltas as they come, then the end. A failure
     * before the run starts (not found, forbidden...) is answered as an error, not as a stream.
     */
    private void stream(
            Actor actor, RunProject.Command command, String model, boolean includeUsage, ServerResponse res) {
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        CompletableFuture<CountedRun> done = new CompletableFuture<>();
        Thread runner = Thread.ofVirtual().name("openai-run").start(() -> {
            try {
                done.complete(CountedRun.handle(runProject, actor, command, queue::add));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                queue.add(END);
            }
        });
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = System.currentTimeMillis() / 1000;
        OutputStream out = null;
        boolean streamed = false;
        EventOrder order = new EventOrder();
        try {
            while (true) {
                Object next = queue.poll(15, TimeUnit.SECONDS);
                if (next == END) {
                    break;
                }
                if (next == null) {
                    if (out != null) {
                        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    continue;
                }
                RunEvent first = (RunEvent) next;
                if (out == null) { // the run started: the answer is a stream from now on
                    id = "chatcmpl-" + first.runId();
                    res.status(Status.OK_200);
                    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                    res.header(HeaderNames.create("X-Run-Id"), first.runId().toString());
                    out = res.outputStream();
                    write(out, chunk(id, created, model, Map.of("role", "assistant", "content", ""), null));
                }
                for (RunEvent event : order.accept(first)) {
                    if (event instanceof RunEvent.TokenDelta delta
                            && !delta.delta().isEmpty()) {
                        streamed = true;
                        write(out, chunk(id, created, model, Map.of("content", delta.delta()), null));
                    }
                }
            }
            if (out != null) {
                for (RunEvent event : order.rest()) {
                    if (event instanceof RunEvent.TokenDelta delta
                            && !delta.delta().isEmpty()) {
                        streamed = true;
                        write(out, chunk(id, created, model, Map.of("content", delta.delta()), null));
                    }
                }
            }
            CountedRun counted;
            try {
                counted = done.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (out == null && e.getCause() instanceof RuntimeException cause) {
                    throw cause; // nothing sent yet: an ordinary error answer
                }
                throw e;
            }
            Run run = counted.run();
            if (out == null) { // a run without any event (cannot happen today): answer as a stream all the same
                id = "chatcmpl-" + run.id();
                res.status(Status.OK_200);
                res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                res.header(HeaderNames.create("X-Run-Id"), run.id().toString());
                out = res.outputStream();
                write(out, chunk(id, created, model, Map.of("role", "assistant", "content", ""), null));
            }
            if (run.status() != RunStatus.SUCCEEDED) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put(
                        "error",
                        errorBody(
                                runError(run), "run_error", run.status().name().toLowerCase(Locale.ROOT)));
                out.write(("data: " + Json.writeString(error) + "\n\n").getBytes(StandardCharsets.UTF_8));
            } else {
                if (!streamed) {
                    String text = run.output().map(Payload::lastMessageText).orElse("");
                    write(out, chunk(id, created, model, Map.of("content", text), null));
                }
                write(out, chunk(id, created, model, Map.of(), "stop"));
                if (includeUsage) {
                    Map<String, Object> last = new LinkedHashMap<>();
                    last.put("id", id);
                    last.put("object", "chat.completion.chunk");
                    last.put("created", created);
                    last.put("model", model);
                    last.put("choices", List.of());
                    last.put("usage", usage(counted.usage()));
                    write(out, last);
                }
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.close();
        } catch (IOException e) {
            LOG.debug("chat completion stream closed by the client; cancelling its run");
            runner.interrupt(); // interrupting the thread running the graph cancels the run
        } catch (InterruptedException e) {
            runner.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, Map<String, Object> chunk) throws IOException {
        out.write(("data: " + Json.writeString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Map<String, Object> chunk(
            String id, long created, String model, Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("choices", List.of(choice));
        return chunk;
    }

    private static Map<String, Object> usage(TokenUsage usage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", usage.promptTokens());
        m.put("completion_tokens", usage.completionTokens());
        m.put("total_tokens", usage.totalTokens());
        return m;
    }

    private static String runError(Run run) {
        return "the run " + run.id() + " ended " + run.status().name() + ": "
                + run.error().orElse(run.status().name());
    }

    private void models(ServerRequest req, ServerResponse res) {
        try {
            Actor actor = authenticate(key(req));
            ProjectDetails details = projects.keyProject(actor);
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("object", "list");
            list.put("data", entries(details));
            send(res, Status.OK_200, list);
        } catch (RuntimeException e) {
            HttpErrors.send(req, res, e, "model list", ERRORS);
        }
    }

    private void model(ServerRequest req, ServerResponse res) {
        try {
            Actor actor = authenticate(key(req));
            String wanted = req.path().pathParameters().get("model");
            ModelName name = ModelName.parse(wanted);
            ProjectDetails details = projects.keyProject(actor);
            Project project = details.project();
            boolean ours = name.projectId()
                    .map(project.id().value()::equals)
                    .orElse(project.name().equals(name.name()));
            if (!ours || details.versions().of(name.environment()).isEmpty()) {
                throw DomainException.notFound("model " + wanted);
            }
            Map<String, Object> entry = entry(project, wanted);
            send(res, Status.OK_200, entry);
        } catch (RuntimeException e) {
            HttpErrors.send(req, res, e, "model", ERRORS);
        }
    }

    /** The key's project once per environment with a version: {@code <id>} (production) and {@code <id>@draft}. */
    private static List<Map<String, Object>> entries(ProjectDetails details) {
        List<Map<String, Object>> data = new ArrayList<>();
        Project project = details.project();
        if (details.versions().production().isPresent()) {
            data.add(entry(project, project.id().toString()));
        }
        data.add(entry(project, project.id() + "@" + Environment.DRAFT.wireName()));
        return data;
    }

    private static Map<String, Object> entry(Project project, String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", project.createdAt().getEpochSecond());
        m.put("owned_by", project.organizationId().toString());
        m.put("name", project.name());
        m.put("description", project.description());
        return m;
    }

    private static List<Map<String, Object>> messages(Object raw) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw DomainException.validation("messages is required: a non-empty array of chat messages");
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw DomainException.validation("each message is an object with a role and a content");
            }
            Map<String, Object> message = new LinkedHashMap<>();
            map.forEach((k, v) -> message.put(String.valueOf(k), v));
            if ("developer".equals(message.get("role"))) {
                message.put("role", "system");
            }
            Payload.messageFromMap(message); // VALIDATION for an unknown role
            messages.add(message);
        }
        return messages;
    }

    private static String key(ServerRequest req) {
        return ApiKeyAuthenticator.of(req)
                .orElseThrow(() -> new DomainException(
                        ErrorCode.UNAUTHENTICATED,
                        "You didn't provide an API key: send a project API key as 'Authorization: Bearer <key>'"));
    }

    private Actor authenticate(String key) {
        return keys.authenticate(ApiKeyAuthenticator.normalise(key))
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "invalid or revoked API key"));
    }

    private static Map<String, Object> body(ServerRequest req) {
        return JsonBodies.object(req, false, "the request body must be a JSON object");
    }

    /**
     * OpenAI's error body with the status of {@link HttpStatusOf}, after two translations to what OpenAI clients
     * understand: FAILED_PRECONDITION (an environment without a version, a used-up quota) is a model not found (404
     * {@code model_not_found}), and CONFLICT is 400 (OpenAI's SDKs retry 409, which would start the run again).
     */
    private static final HttpErrors.Format ERRORS = new HttpErrors.Format() {
        @Override
        public ErrorCode translate(ErrorCode code) {
            return switch (code) {
                case FAILED_PRECONDITION -> ErrorCode.NOT_FOUND;
                case CONFLICT -> ErrorCode.VALIDATION;
                default -> code;
            };
        }

        @Override
        public Object body(ErrorCode code, String message, Optional<String> correlationId) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(
                    "error",
                    switch (translate(code)) {
                        case UNAUTHENTICATED -> errorBody(message, "invalid_request_error", "invalid_api_key");
                        case NOT_FOUND -> errorBody(message, "invalid_request_error", "model_not_found");
                        case FORBIDDEN -> errorBody(message, "permission_error", "forbidden");
                        case RATE_LIMITED -> errorBody(message, "rate_limit_error", "rate_limit_exceeded");
                        case UNAVAILABLE -> errorBody(message, "server_error", "unavailable");
                        case INTERNAL -> errorBody(message, "server_error", "internal_error");
                        default ->
                            errorBody(
                                    message,
                                    "invalid_request_error",
                                    code.name().toLowerCase(Locale.ROOT));
                    });
            return body;
        }
    };

    private static void sendError(ServerResponse res, Status status, String type, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", errorBody(message, type, code));
        send(res, status, body);
    }

    private static Map<String, Object> errorBody(String message, String type, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return error;
    }

    private static void send(ServerResponse res, Status status, Map<String, Object> body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }
}
