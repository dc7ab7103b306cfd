package io.draftnrun.adapter.in.graphql;

import graphql.ExecutionResult;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.draftnrun.adapter.in.graphql.GraphQlEngine.GraphQlRequest;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraphQL over HTTP (the GraphQL-over-HTTP specification): {@code POST /graphql} with {@code application/json} bodies
 * (a JSON array is a batch, bounded), {@code GET /graphql} for queries only. The response media type follows
 * {@code Accept}: {@code application/graphql-response+json} (request errors are 4xx) or legacy
 * {@code application/json} (request errors that reached GraphQL are 200).
 */
public final class GraphQlHttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GraphQlHttpHandler.class);
    static final MediaType GRAPHQL_RESPONSE = MediaTypes.create("application", "graphql-response+json");

    private final GraphQlEngine engine;
    private final RequestAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final Metrics metrics;
    private final GraphQlOperations operations;
    private volatile long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;

    /** Largest multipart (file upload) request body by default: 50 MB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    public GraphQlHttpHandler(GraphQlEngine engine, RequestAuthenticator authenticator) {
        this(engine, authenticator, RateLimiter.unlimited(), Metrics.NOOP);
    }

    /**
     * With {@code rateLimiter} per caller and {@code metrics}: every operation is counted by its root fields and
     * outcome, and timed.
     */
    public GraphQlHttpHandler(
            GraphQlEngine engine, RequestAuthenticator authenticator, RateLimiter rateLimiter, Metrics metrics) {
        this.engine = engine;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.operations = new GraphQlOperations(engine.schema());
    }

    /** Bounds the body of multipart (file upload) requests ({@code UPLOAD_MAX_BYTES}). */
    public void maxUploadBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the upload limit must be positive");
        }
        this.maxUploadBytes = bytes;
    }

    public void post(ServerRequest req, ServerResponse res) {
        Optional<MediaType> responseType = negotiate(req);
        if (responseType.isEmpty()) {
            sendError(
                    res,
                    Status.NOT_ACCEPTABLE_406,
                    MediaTypes.APPLICATION_JSON,
                    ErrorCode.VALIDATION,
                    "Accept must allow application/graphql-response+json or application/json");
            return;
        }
        MediaType type = responseType.get();
        Optional<HttpMediaType> contentType = req.headers().contentType();
        if (contentType.isPresent() && contentType.get().test(MediaTypes.MULTIPART_FORM_DATA)) {
            postMultipart(req, res, type);
            return;
        }
        if (contentType.isEmpty() || !contentType.get().test(MediaTypes.APPLICATION_JSON)) {
            sendError(
                    res,
                    Status.UNSUPPORTED_MEDIA_TYPE_415,
                    type,
                    ErrorCode.VALIDATION,
                    "Content-Type must be application/json");
            return;
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(engine.limits().maxDocumentBytes() + 1);
        } catch (IOException e) {
            sendError(res, Status.BAD_REQUEST_400, type, ErrorCode.VALIDATION, "could not read the request body");
            return;
        }
        if (body.length > engine.limits().maxDocumentBytes()) {
            sendError(
                    res,
                    Status.REQUEST_ENTITY_TOO_LARGE_413,
                    type,
                    ErrorCode.VALIDATION,
                    "request body larger than " + engine.limits().maxDocumentBytes() + " bytes");
            return;
        }
        Object parsed;
        try {
            parsed = Json.read(body, Object.class);
        } catch (IOException e) {
            sendError(res, Status.BAD_REQUEST_400, type, ErrorCode.VALIDATION, "the request body is not valid JSON");
            return;
        }
        List<GraphQlRequest> requests;
        boolean batch = parsed instanceof List<?>;
        try {
            requests = batch ? fromBatch((List<?>) parsed) : GraphQlRequest.single(fromMap(parsed));
        } catch (DomainException e) {
            sendError(res, HttpStatusOf.of(e.code()), type, e.code(), e.getMessage());
            return;
        }
        execute(req, res, type, requests, batch);
    }

    /**
     * A file upload: the GraphQL multipart request specification (see {@link GraphQlMultipart}). The caller is
     * authenticated before a byte of the body is read: an anonymous or wrongly signed upload costs no parsing.
     */
    private void postMultipart(ServerRequest req, ServerResponse res, MediaType type) {
        Optional<RequestContext> context = authenticated(req, res, type);
        if (context.isEmpty()) {
            return;
        }
        if (!context.get().authenticated()) {
            sendError(
                    res,
                    Status.UNAUTHORIZED_401,
                    type,
                    ErrorCode.UNAUTHENTICATED,
                    "sign in first: file uploads need an Authorization bearer token");
            return;
        }
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > maxUploadBytes) {
            sendError(
                    res,
                    Status.REQUEST_ENTITY_TOO_LARGE_413,
                    type,
                    ErrorCode.VALIDATION,
                    "the upload is larger than " + maxUploadBytes + " bytes (UPLOAD_MAX_BYTES)");
            return;
        }
        Object parsed;
        try (InputStream in = req.content().inputStream()) {
            parsed = GraphQlMultipart.operations(
                    in, req.headers().get(HeaderNames.CONTENT_TYPE).get(), maxUploadBytes);
        } catch (GraphQlMultipart.TooLarge e) {
            sendError(
                    res,
                    Status.REQUEST_ENTITY_TOO_LARGE_413,
                    type,
                    ErrorCode.VALIDATION,
                    e.getMessage() + " (UPLOAD_MAX_BYTES)");
            return;
        } catch (IOException e) {
            sendError(res, Status.BAD_REQUEST_400, type, ErrorCode.VALIDATION, "could not read the multipart body");
            return;
        } catch (DomainException e) {
            sendError(res, HttpStatusOf.of(e.code()), type, e.code(), e.getMessage());
            return;
        }
        List<GraphQlRequest> requests;
        boolean batch = parsed instanceof List<?>;
        try {
            requests = batch ? fromBatch((List<?>) parsed) : GraphQlRequest.single(fromMap(parsed));
        } catch (DomainException e) {
            sendError(res, HttpStatusOf.of(e.code()), type, e.code(), e.getMessage());
            return;
        }
        execute(res, type, requests, batch, context.get());
    }

    public void get(ServerRequest req, ServerResponse res) {
        Optional<MediaType> responseType = negotiate(req);
        if (responseType.isEmpty()) {
            sendError(
                    res,
                    Status.NOT_ACCEPTABLE_406,
                    MediaTypes.APPLICATION_JSON,
                    ErrorCode.VALIDATION,
                    "Accept must allow application/graphql-response+json or application/json");
            return;
        }
        MediaType type = responseType.get();
        var query = req.query();
        if (!query.contains("query")) {
            sendError(res, Status.BAD_REQUEST_400, type, ErrorCode.VALIDATION, "the query parameter is required");
            return;
        }
        Map<String, Object> variables = Map.of();
        if (query.contains("variables")) {
            try {
                Object value = Json.read(
                        query.get("variables").getBytes(java.nio.charset.StandardCharsets.UTF_8), Object.class);
                if (value != null && !(value instanceof Map<?, ?>)) {
                    throw new IOException("not an object");
                }
                variables = value == null ? Map.of() : castMap(value);
            } catch (IOException e) {
                sendError(res, Status.BAD_REQUEST_400, type, ErrorCode.VALIDATION, "variables must be a JSON object");
                return;
            }
        }
        String document = query.get("query");
        String operationName = query.contains("operationName") ? query.get("operationName") : null;
        if (isMutationOrSubscription(document, operationName)) {
            res.header(HeaderNames.ALLOW, "POST");
            sendError(
                    res,
                    Status.METHOD_NOT_ALLOWED_405,
                    type,
                    ErrorCode.VALIDATION,
                    "only queries may be sent with GET; use POST");
            return;
        }
        execute(req, res, type, GraphQlRequest.single(new GraphQlRequest(document, operationName, variables)), false);
    }

    private void execute(
            ServerRequest req, ServerResponse res, MediaType type, List<GraphQlRequest> requests, boolean batch) {
        Optional<RequestContext> context = authenticated(req, res, type);
        if (context.isPresent()) {
            execute(res, type, requests, batch, context.get());
        }
    }

    /** The request's context, or empty once a refusal (401, 429) has been sent. */
    private Optional<RequestContext> authenticated(ServerRequest req, ServerResponse res, MediaType type) {
        try {
            return Optional.of(context(req));
        } catch (DomainException e) {
            Status status = HttpStatusOf.of(e.code()); // UNAUTHENTICATED or RATE_LIMITED
            if (e instanceof RateLimitedException limited) {
                res.header(HeaderNames.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
            }
            sendError(res, status, type, e.code(), e.getMessage());
            return Optional.empty();
        }
    }

    private void execute(
            ServerResponse res, MediaType type, List<GraphQlRequest> requests, boolean batch, RequestContext context) {
        List<Map<String, Object>> responses = new ArrayList<>(requests.size());
        boolean requestError = false;
        for (GraphQlRequest request : requests) {
            long started = System.nanoTime();
            ExecutionResult result = withoutStream(engine.execute(request, context));
            if (!result.isDataPresent()) {
                requestError = true;
            }
            responses.add(GraphQlEngine.toResponse(result));
            if (metrics != Metrics.NOOP) {
                String outcome =
                        !result.isDataPresent() ? "refused" : result.getErrors().isEmpty() ? "ok" : "error";
                metrics.graphQlOperation(
                        operations.label(request.query(), request.operationName()),
                        outcome,
                        java.time.Duration.ofNanos(System.nanoTime() - started));
            }
        }
        boolean strict = type.equals(GRAPHQL_RESPONSE);
        res.status(strict && requestError && !batch ? Status.BAD_REQUEST_400 : Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, type.text() + "; charset=utf-8");
        res.send(Json.write(batch ? responses : responses.getFirst()));
    }

    /**
     * A subscription sent over HTTP: its stream is cancelled and the caller told to use the WebSocket endpoint
     * (errors raised before the stream, such as UNAUTHENTICATED, are kept as they are).
     */
    private static ExecutionResult withoutStream(ExecutionResult result) {
        if (!(result.getData() instanceof org.reactivestreams.Publisher<?> stream)) {
            return result;
        }
        stream.subscribe(new org.reactivestreams.Subscriber<Object>() {
            @Override
            public void onSubscribe(org.reactivestreams.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(Object item) {}

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onComplete() {}
        });
        return graphql.ExecutionResult.newExecutionResult()
                .addError(graphql.GraphqlErrorBuilder.newError()
                        .message("subscriptions are served over WebSocket (graphql-transport-ws) at /graphql")
                        .extensions(Map.of("code", ErrorCode.VALIDATION.name()))
                        .build())
                .build();
    }

    /** Authenticates the request and builds the context of its operations. */
    public RequestContext context(ServerRequest req) {
        Optional<String> bearer = req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim());
        String client = req.remotePeer().host();
        Optional<RequestAuthenticator.Deferred> caller;
        try {
            caller = authenticator.authenticateDeferred(bearer);
        } catch (DomainException e) {
            limit("ip:" + client); // failed authentications count against the client address
            throw e;
        }
        limit(caller.map(c -> "user:" + c.userId()).orElse("ip:" + client));
        String requestId = RequestIds.of(req);
        // what the caller may do is read when an operation first needs it: runProject reads its project meanwhile
        return caller.map(c -> RequestContext.deferred(c.actor(), requestId, client))
                .orElseGet(() -> new RequestContext(Optional.empty(), requestId, client));
    }

    private void limit(String key) {
        var wait = rateLimiter.acquire(key);
        if (wait.isPresent()) {
            throw new RateLimitedException(wait.getAsLong());
        }
    }

    /** Too many requests from one caller; {@code Retry-After} tells when to come back. */
    static final class RateLimitedException extends DomainException {
        private final long retryAfterSeconds;

        RateLimitedException(long retryAfterSeconds) {
            super(ErrorCode.RATE_LIMITED, "too many requests; retry in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private List<GraphQlRequest> fromBatch(List<?> items) {
        if (items.isEmpty()) {
            throw DomainException.validation("an empty batch");
        }
        if (items.size() > engine.limits().maxBatch()) {
            throw DomainException.validation(
                    "a batch holds at most " + engine.limits().maxBatch() + " operations, got " + items.size());
        }
        List<GraphQlRequest> requests = new ArrayList<>();
        for (Object item : items) {
            requests.add(fromMap(item));
        }
        return requests;
    }

    private static GraphQlRequest fromMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw DomainException.validation("the request body must be a JSON object");
        }
        if (!(map.get("query") instanceof String query) || query.isBlank()) {
            throw DomainException.validation("the request needs a query string");
        }
        Object operationName = map.get("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            throw DomainException.validation("operationName must be a string");
        }
        Object variables = map.get("variables");
        if (variables != null && !(variables instanceof Map<?, ?>)) {
            throw DomainException.validation("variables must be a JSON object");
        }
        return new GraphQlRequest(query, (String) operationName, variables == null ? Map.of() : castMap(variables));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static boolean isMutationOrSubscription(String document, String operationName) {
        try {
            Document parsed = Parser.parse(document);
            List<OperationDefinition> operations = parsed.getDefinitionsOfType(OperationDefinition.class);
            for (OperationDefinition op : operations) {
                boolean selected = operationName == null ? operations.size() == 1 : operationName.equals(op.getName());
                if (selected && op.getOperation() != OperationDefinition.Operation.QUERY) {
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException e) {
            return false; // reported by the execution as a syntax error
        }
    }

    /** Chooses the response media type from Accept; empty when the client accepts neither. */
    static Optional<MediaType> negotiate(ServerRequest req) {
        List<HttpMediaType> accepted = req.headers().acceptedTypes();
        if (accepted.isEmpty()) {
            return Optional.of(MediaTypes.APPLICATION_JSON);
        }
        for (HttpMediaType candidate : accepted) {
            if (candidate.test(GRAPHQL_RESPONSE) && !candidate.mediaType().isWildcardType()) {
                return Optional.of(GRAPHQL_RESPONSE);
            }
            if (candidate.test(MediaTypes.APPLICATION_JSON)) {
                return Optional.of(MediaTypes.APPLICATION_JSON);
            }
        }
        return Optional.empty();
    }

    static void sendError(ServerResponse res, Status status, MediaType type, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", Map.of("code", code.name()));
        LOG.debug("GraphQL request refused with {}: {}", status.code(), message);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, type.text() + "; charset=utf-8");
        res.send(Json.write(Map.of("errors", List.of(error))));
    }
}
