package io.draftnrun.adapter.in.graphql;

import graphql.ExecutionResult;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.draftnrun.adapter.in.graphql.GraphQlEngine.GraphQlRequest;
import io.draftnrun.adapter.in.http.Callers;
import io.draftnrun.adapter.in.http.HttpErrors;
import io.draftnrun.adapter.in.http.HttpRefusal;
import io.draftnrun.adapter.in.http.Json;
import io.draftnrun.adapter.in.http.RequestAuthenticator;
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
import java.util.Objects;
import java.util.Optional;

/**
 * GraphQL over HTTP (the GraphQL-over-HTTP specification): {@code POST /graphql} with {@code application/json} bodies
 * (a JSON array is a batch, bounded), {@code GET /graphql} for queries only. The response media type follows
 * {@code Accept}: {@code application/graphql-response+json} (request errors are 4xx) or legacy
 * {@code application/json} (request errors that reached GraphQL are 200). A request refused before GraphQL sees it
 * (media types, size, authentication, rate limit) is answered by the transport's one error handler
 * ({@link HttpErrors}) in GraphQL's {@code errors} shape.
 */
public final class GraphQlHttpHandler {
    static final MediaType GRAPHQL_RESPONSE = MediaTypes.create("application", "graphql-response+json");
    private static final String NOT_ACCEPTABLE =
            "Accept must allow application/graphql-response+json or application/json";

    private final GraphQlEngine engine;
    private final Callers callers;
    private final Metrics metrics;
    private final GraphQlOperations operations;
    private volatile long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;

    /** Largest multipart (file upload) request body by default: 50 MB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;

    public GraphQlHttpHandler(GraphQlEngine engine, RequestAuthenticator authenticator) {
        this(engine, Callers.unlimited(authenticator), Metrics.NOOP);
    }

    /**
     * With {@code callers} (authentication and the per-caller rate limit) and {@code metrics}: every operation is
     * counted by its root fields and outcome, and timed.
     */
    public GraphQlHttpHandler(GraphQlEngine engine, Callers callers, Metrics metrics) {
        this.engine = engine;
        this.callers = Objects.requireNonNull(callers, "callers");
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
        MediaType type = responseType.orElse(MediaTypes.APPLICATION_JSON);
        try {
            if (responseType.isEmpty()) {
                throw HttpRefusal.invalid(Status.NOT_ACCEPTABLE_406, NOT_ACCEPTABLE);
            }
            Optional<HttpMediaType> contentType = req.headers().contentType();
            if (contentType.isPresent() && contentType.get().test(MediaTypes.MULTIPART_FORM_DATA)) {
                postMultipart(req, res, type);
                return;
            }
            if (contentType.isEmpty() || !contentType.get().test(MediaTypes.APPLICATION_JSON)) {
                throw HttpRefusal.invalid(Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/json");
            }
            byte[] body;
            try (InputStream in = req.content().inputStream()) {
                body = in.readNBytes(engine.limits().maxDocumentBytes() + 1);
            } catch (IOException e) {
                throw HttpRefusal.invalid(Status.BAD_REQUEST_400, "could not read the request body");
            }
            if (body.length > engine.limits().maxDocumentBytes()) {
                throw HttpRefusal.invalid(
                        Status.REQUEST_ENTITY_TOO_LARGE_413,
                        "request body larger than " + engine.limits().maxDocumentBytes() + " bytes");
            }
            Object parsed;
            try {
                parsed = Json.read(body, Object.class);
            } catch (IOException e) {
                throw HttpRefusal.invalid(Status.BAD_REQUEST_400, "the request body is not valid JSON");
            }
            boolean batch = parsed instanceof List<?>;
            List<GraphQlRequest> requests =
                    batch ? fromBatch((List<?>) parsed) : GraphQlRequest.single(fromMap(parsed));
            execute(res, type, requests, batch, context(req));
        } catch (RuntimeException e) {
            HttpErrors.send(req, res, e, "GraphQL request", errors(type));
        }
    }

    /**
     * A file upload: the GraphQL multipart request specification (see {@link GraphQlMultipart}). The caller is
     * authenticated before a byte of the body is read: an anonymous or wrongly signed upload costs no parsing.
     */
    private void postMultipart(ServerRequest req, ServerResponse res, MediaType type) {
        RequestContext context = context(req);
        if (!context.authenticated()) {
            throw new DomainException(
                    ErrorCode.UNAUTHENTICATED, "sign in first: file uploads need an Authorization bearer token");
        }
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > maxUploadBytes) {
            throw HttpRefusal.invalid(
                    Status.REQUEST_ENTITY_TOO_LARGE_413,
                    "the upload is larger than " + maxUploadBytes + " bytes (UPLOAD_MAX_BYTES)");
        }
        Object parsed;
        try (InputStream in = req.content().inputStream()) {
            parsed = GraphQlMultipart.operations(
                    in, req.headers().get(HeaderNames.CONTENT_TYPE).get(), maxUploadBytes);
        } catch (GraphQlMultipart.TooLarge e) {
            throw HttpRefusal.invalid(Status.REQUEST_ENTITY_TOO_LARGE_413, e.getMessage() + " (UPLOAD_MAX_BYTES)");
        } catch (IOException e) {
            throw HttpRefusal.invalid(Status.BAD_REQUEST_400, "could not read the multipart body");
        }
        boolean batch = parsed instanceof List<?>;
        List<GraphQlRequest> requests = batch ? fromBatch((List<?>) parsed) : GraphQlRequest.single(fromMap(parsed));
        execute(res, type, requests, batch, context);
    }

    public void get(ServerRequest req, ServerResponse res) {
        Optional<MediaType> responseType = negotiate(req);
        MediaType type = responseType.orElse(MediaTypes.APPLICATION_JSON);
        try {
            if (responseType.isEmpty()) {
                throw HttpRefusal.invalid(Status.NOT_ACCEPTABLE_406, NOT_ACCEPTABLE);
            }
            var query = req.query();
            if (!query.contains("query")) {
                throw HttpRefusal.invalid(Status.BAD_REQUEST_400, "the query parameter is required");
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
                    throw HttpRefusal.invalid(Status.BAD_REQUEST_400, "variables must be a JSON object");
                }
            }
            String document = query.get("query");
            String operationName = query.contains("operationName") ? query.get("operationName") : null;
            if (isMutationOrSubscription(document, operationName)) {
                throw HttpRefusal.invalid(Status.METHOD_NOT_ALLOWED_405, "only queries may be sent with GET; use POST")
                        .header(HeaderNames.ALLOW, "POST");
            }
            execute(
                    res,
                    type,
                    GraphQlRequest.single(new GraphQlRequest(document, operationName, variables)),
                    false,
                    context(req));
        } catch (RuntimeException e) {
            HttpErrors.send(req, res, e, "GraphQL request", errors(type));
        }
    }

    /** GraphQL's error shape, {@code {"errors": [{"message", "extensions": {"code"}}]}}, in the negotiated type. */
    static HttpErrors.Format errors(MediaType type) {
        return new HttpErrors.Format() {
            @Override
            public Object body(ErrorCode code, String message, Optional<String> correlationId) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("message", message);
                Map<String, Object> extensions = new LinkedHashMap<>();
                extensions.put("code", code.name());
                correlationId.ifPresent(id -> extensions.put("correlationId", id));
                error.put("extensions", extensions);
                return Map.of("errors", List.of(error));
            }

            @Override
            public String contentType() {
                return type.text() + "; charset=utf-8";
            }
        };
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

    /** Authenticates the request, takes its rate limit and builds the context of its operations. */
    public RequestContext context(ServerRequest req) {
        return RequestContext.of(callers.of(req));
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
}
