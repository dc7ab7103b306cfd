package io.draftnrun.adapter.in.http;

import io.draftnrun.application.run.RunProject;
import io.draftnrun.application.run.RunQueries;
import io.draftnrun.application.run.port.RunEventBus;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrators' run endpoint (spec 2.5): {@code POST /projects/{projectId}/{env}/run} with a project API key in
 * {@code X-API-Key}; any JSON object in, {@code {message, error, artifacts}} out (400 with the same body when the
 * run failed). 401 for a missing, unknown or revoked key, 403 for another project of the key's organization, 404 for
 * a project of another organization exactly as for one that does not exist, 400 for a malformed id. With
 * {@code Accept: text/event-stream} the run's events are streamed as server-sent events, ending with
 * {@code RUN_FINISHED}. With {@code ?wait=false} the run is accepted without waiting: 202 with {@code {run_id,
 * status: "QUEUED"}}, queued for any server instance (follow it with the GraphQL {@code run} or {@code runEvents} and
 * the same key). A database or queue that cannot be reached gives 503 with code {@code UNAVAILABLE}.
 */
public final class RunRestRoutes implements HttpService {
    private static final Logger LOG = LoggerFactory.getLogger(RunRestRoutes.class);
    private static final io.helidon.http.HeaderName API_KEY = HeaderNames.create("X-API-Key");

    private final RunProject runProject;
    private final RunQueries queries;
    private final ApiKeyAuthenticator keys;

    public RunRestRoutes(RunProject runProject, RunQueries queries, ApiKeyAuthenticator keys) {
        this.runProject = runProject;
        this.queries = queries;
        this.keys = keys;
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.post("/projects/{projectId}/{env}/run", this::run);
    }

    private void run(ServerRequest req, ServerResponse res) {
        try {
            Optional<String> header = req.headers().first(API_KEY);
            if (header.isEmpty() || header.get().isBlank()) {
                throw new DomainException(ErrorCode.UNAUTHENTICATED, "the X-API-Key header is required");
            }
            ProjectId projectId;
            Environment environment;
            try {
                projectId = projectId(req.path().pathParameters().get("projectId"));
                environment = environment(req.path().pathParameters().get("env"));
            } catch (DomainException e) {
                authenticate(header.get()); // an unknown key is told so first
                throw e;
            }
            Actor actor = authenticate(header.get());
            Map<String, Object> body = body(req);
            boolean stream = req.headers()
                    .first(HeaderNames.ACCEPT)
                    .map(a -> a.contains("text/event-stream"))
                    .orElse(false);
            // contains before get: Parameters.first looks up Helidon's global mapper registry (locks) at every call
            boolean accept = req.query().contains("wait")
                    && "false".equalsIgnoreCase(req.query().get("wait"));
            if (accept && !stream) {
                Run queued = runProject.handle(actor, new RunProject.Command(projectId, environment, body, false));
                Map<String, Object> accepted = new LinkedHashMap<>();
                accepted.put("run_id", queued.id().toString());
                accepted.put("status", queued.status().name());
                send(res, Status.ACCEPTED_202, accepted);
                return;
            }
            if (stream) {
                Run run = runProject.handle(actor, new RunProject.Command(projectId, environment, body, false));
                streamEvents(actor, run, res);
                return;
            }
            Run run = runProject.handle(actor, new RunProject.Command(projectId, environment, body, true));
            Map<String, Object> response = RunJson.chatResponse(run);
            if (run.status() != RunStatus.SUCCEEDED) {
                response.put(
                        "detail",
                        "Error running agent: "
                                + run.error().orElse(run.status().name()));
                send(res, Status.BAD_REQUEST_400, response);
            } else {
                send(res, Status.OK_200, response);
            }
        } catch (RuntimeException e) {
            HttpErrors.send(req, res, e, "run request", ERRORS);
        }
    }

    /** {@code {detail, code}} (plus {@code correlationId} for INTERNAL) with the status of {@link HttpStatusOf}. */
    private static final HttpErrors.Format ERRORS = (code, message, correlationId) -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("detail", message);
        error.put("code", code.name());
        correlationId.ifPresent(id -> error.put("correlationId", id));
        return error;
    };

    private void streamEvents(Actor actor, Run run, ServerResponse res) {
        LinkedBlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();
        try (RunEventBus.Subscription subscription = queries.follow(actor, run.id(), events::add)) {
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            try (OutputStream out = res.outputStream()) {
                while (true) {
                    RunEvent event = events.poll(15, TimeUnit.SECONDS);
                    if (event == null) {
                        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        continue;
                    }
                    String frame = "id: " + event.sequence() + "\nevent: " + event.type() + "\ndata: "
                            + Json.writeString(RunJson.event(event)) + "\n\n";
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (event instanceof RunEvent.RunFinished) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("event stream of run {} closed by the client", run.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> body(ServerRequest req) {
        return JsonBodies.object(req, true, "the request body must be a JSON object");
    }

    private Actor authenticate(String key) {
        return keys.authenticate(ApiKeyAuthenticator.normalise(key))
                .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHENTICATED, "invalid or revoked API key"));
    }

    private static ProjectId projectId(String value) {
        return new ProjectId(Uuids.parse(value, "projectId"));
    }

    private static Environment environment(String value) {
        try {
            return Environment.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("environment must be draft or production");
        }
    }

    private static void send(ServerResponse res, Status status, Map<String, Object> body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }
}
