package io.draftnrun.adapter.in.graphql;

import graphql.ExecutionResult;
import io.draftnrun.adapter.in.graphql.GraphQlEngine.GraphQlRequest;
import io.draftnrun.adapter.in.http.Json;
import io.draftnrun.adapter.in.http.Outages;
import io.draftnrun.adapter.in.http.RequestAuthenticator;
import io.draftnrun.adapter.in.http.RequestIds;
import io.draftnrun.domain.shared.DomainException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GraphQL over WebSocket with the {@code graphql-transport-ws} protocol (the one of the graphql-ws library): {@code
 * connection_init} (the token in its payload as {@code Authorization: Bearer ...}), {@code connection_ack},
 * {@code subscribe}/{@code next}/{@code error}/{@code complete}, {@code ping}/{@code pong}, and the protocol's close
 * codes (4400 bad message, 4401 subscribe before ack, 4403 refused credentials, 4406 subprotocol, 4408 no init in time,
 * 4409 duplicate id, 4429 repeated init), plus the connection limits ({@link WebSocketLimits}: 1013 when the server
 * holds its total, 4429 with a reason when the caller holds its own). What the caller may do is looked up at each
 * {@code subscribe}. One listener instance per connection.
 */
public final class GraphQlWebSocket implements WsListener {
    private static final Logger LOG = LoggerFactory.getLogger(GraphQlWebSocket.class);
    public static final String SUBPROTOCOL = "graphql-transport-ws";
    private static final io.helidon.http.HeaderName SEC_WEBSOCKET_PROTOCOL =
            HeaderNames.create("Sec-WebSocket-Protocol");
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("graphql-ws-timer").factory());

    private final GraphQlEngine engine;
    private final RequestAuthenticator authenticator;
    private final Duration initTimeout;
    private final WebSocketLimits limits;
    private final Map<String, Subscription> operations = new ConcurrentHashMap<>();
    private final AtomicBoolean initReceived = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean acknowledged;
    private volatile boolean subprotocolAccepted;
    /** The caller's verified credentials (empty: anonymous); what it may do is looked up at each subscribe. */
    private volatile Optional<RequestAuthenticator.Deferred> caller = Optional.empty();
    /** Whether this connection holds a place among all connections, and which caller's place it holds. */
    private final AtomicBoolean holdsPlace = new AtomicBoolean();

    private volatile String callerPlace;
    private volatile ScheduledFuture<?> initTimer;
    private volatile ScheduledFuture<?> keepAlive;
    /** When the client was last heard from (any message, a pong included). */
    private volatile long lastHeard = System.nanoTime();
    /** The frames of a message not yet complete (Helidon calls one connection's listener one frame at a time). */
    private final StringBuilder partial = new StringBuilder();

    private volatile String clientAddress = "";
    /** The upgrade request's id ({@link RequestIds}): the correlation id of this connection's INTERNAL errors. */
    private volatile String requestId = UUID.randomUUID().toString();

    public GraphQlWebSocket(GraphQlEngine engine, RequestAuthenticator authenticator, Duration initTimeout) {
        this(engine, authenticator, initTimeout, WebSocketLimits.defaults());
    }

    /** With {@code limits} on the connections of the server and of each caller (shared by every connection). */
    public GraphQlWebSocket(
            GraphQlEngine engine, RequestAuthenticator authenticator, Duration initTimeout, WebSocketLimits limits) {
        this.engine = engine;
        this.authenticator = authenticator;
        this.initTimeout = initTimeout;
        this.limits = limits;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        requestId = RequestIds.sane(headers.first(RequestIds.HEADER));
        List<String> offered = headers.all(SEC_WEBSOCKET_PROTOCOL, List::of).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim)
                .toList();
        if (offered.contains(SUBPROTOCOL)) {
            subprotocolAccepted = true;
            WritableHeaders<?> response = WritableHeaders.create();
            response.set(SEC_WEBSOCKET_PROTOCOL, SUBPROTOCOL);
            response.set(RequestIds.HEADER, requestId);
            return Optional.of(response);
        }
        WritableHeaders<?> response = WritableHeaders.create();
        response.set(RequestIds.HEADER, requestId);
        return Optional.of(response);
    }

    @Override
    public void onOpen(WsSession session) {
        try {
            clientAddress = session.socketContext().remotePeer().host();
        } catch (RuntimeException ignored) {
            // address only used for logs and limits
        }
        if (!subprotocolAccepted) {
            close(session, 4406, "Subprotocol not acceptable");
            return;
        }
        if (!limits.open()) {
            close(
                    session,
                    WebSocketLimits.SERVER_FULL,
                    "Try again later: the server holds its " + limits.total() + " WebSocket connections");
            return;
        }
        holdsPlace.set(true);
        // Helidon tells the listener nothing when a client vanishes without a close frame: a ping finds out (the send
        // fails), and a client silent for three pings is closed, so the places it holds come back
        long every = limits.keepAlive().toMillis();
        keepAlive = TIMERS.scheduleWithFixedDelay(() -> keepAlive(session), every, every, TimeUnit.MILLISECONDS);
        if (closed.get()) {
            keepAlive.cancel(false);
        }
        initTimer = TIMERS.schedule(
                () -> {
                    if (!initReceived.get()) {
                        close(session, 4408, "Connection initialisation timeout");
                    }
                },
                initTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void keepAlive(WsSession session) {
        if (closed.get()) {
            return;
        }
        if (System.nanoTime() - lastHeard > 3 * limits.keepAlive().toNanos()) {
            close(session, 1001, "No answer to pings");
            return;
        }
        send(session, Map.of("type", "ping"));
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        lastHeard = System.nanoTime();
        // a message may come in several frames: it is read whole, within the size of a request document
        if (!last || !partial.isEmpty()) {
            if (partial.length() + text.length() > engine.limits().maxDocumentBytes()) {
                partial.setLength(0);
                close(
                        session,
                        1009,
                        "Message too big: at most " + engine.limits().maxDocumentBytes() + " characters");
                return;
            }
            partial.append(text);
            if (!last) {
                return;
            }
            text = partial.toString();
            partial.setLength(0);
        }
        Map<String, Object> message;
        try {
            Object parsed = Json.MAPPER.readValue(text, Object.class);
            if (!(parsed instanceof Map<?, ?> map) || !(map.get("type") instanceof String)) {
                close(session, 4400, "Invalid message: an object with a type is required");
                return;
            }
            message = castMap(map);
        } catch (IOException e) {
            close(session, 4400, "Invalid message: not JSON");
            return;
        }
        String type = (String) message.get("type");
        switch (type) {
            case "connection_init" -> init(session, message);
            case "ping" -> send(session, Map.of("type", "pong"));
            case "pong" -> {
                // keep-alive answer: nothing to do
            }
            case "subscribe" -> subscribe(session, message);
            case "complete" -> {
                Object id = message.get("id");
                Subscription subscription = id instanceof String s ? operations.remove(s) : null;
                if (subscription != null) {
                    subscription.cancel();
                }
            }
            default -> close(session, 4400, "Invalid message type: " + truncate(type));
        }
    }

    private void init(WsSession session, Map<String, Object> message) {
        if (!initReceived.compareAndSet(false, true)) {
            close(session, 4429, "Too many initialisation requests");
            return;
        }
        ScheduledFuture<?> timer = initTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        Map<String, Object> payload = message.get("payload") instanceof Map<?, ?> p ? castMap(p) : Map.of();
        Optional<String> token = bearer(payload);
        Optional<RequestAuthenticator.Deferred> verified;
        try {
            verified = authenticator.authenticateDeferred(token);
        } catch (DomainException e) {
            close(session, 4403, "Forbidden");
            return;
        }
        String place = verified.map(c -> "user:" + c.userId()).orElse("ip:" + clientAddress);
        if (!limits.acquire(place)) {
            close(
                    session,
                    WebSocketLimits.CALLER_FULL,
                    "Too many WebSocket connections for this caller (at most " + limits.perCaller() + ")");
            return;
        }
        callerPlace = place;
        if (closed.get()) { // closed meanwhile: onClose may have run before the place was taken
            releasePlaces();
            return;
        }
        caller = verified;
        acknowledged = true;
        send(session, Map.of("type", "connection_ack"));
    }

    private static Optional<String> bearer(Map<String, Object> payload) {
        for (String key : List.of("Authorization", "authorization", "token", "accessToken")) {
            if (payload.get(key) instanceof String value && !value.isBlank()) {
                String v = value.trim();
                return Optional.of(
                        v.regionMatches(true, 0, "Bearer ", 0, 7)
                                ? v.substring(7).trim()
                                : v);
            }
        }
        if (payload.get("headers") instanceof Map<?, ?> headers) {
            return bearer(castMap(headers));
        }
        return Optional.empty();
    }

    private void subscribe(WsSession session, Map<String, Object> message) {
        if (!acknowledged) {
            close(session, 4401, "Unauthorized");
            return;
        }
        if (!(message.get("id") instanceof String id)
                || id.isEmpty()
                || !(message.get("payload") instanceof Map<?, ?> rawPayload)
                || !(rawPayload.get("query") instanceof String query)) {
            close(session, 4400, "Invalid message: subscribe needs an id and a payload with a query");
            return;
        }
        Map<String, Object> payload = castMap(rawPayload);
        PendingSubscription placeholder = new PendingSubscription();
        if (operations.putIfAbsent(id, placeholder) != null) {
            close(session, 4409, "Subscriber for " + truncate(id) + " already exists");
            return;
        }
        Map<String, Object> variables = payload.get("variables") instanceof Map<?, ?> v ? castMap(v) : Map.of();
        String operationName = payload.get("operationName") instanceof String n ? n : null;
        Thread.ofVirtual()
                .name("graphql-ws-op")
                .start(() -> execute(session, id, placeholder, new GraphQlRequest(query, operationName, variables)));
    }

    private void execute(WsSession session, String id, PendingSubscription placeholder, GraphQlRequest request) {
        ExecutionResult result;
        try {
            // what the caller may do is looked up for each operation: a removed member or a deleted account is refused
            // at its next subscribe, however old the connection
            RequestContext context = caller.map(c -> RequestContext.deferred(c.actor(), requestId, clientAddress))
                    .orElseGet(() -> new RequestContext(Optional.empty(), requestId, clientAddress));
            result = engine.execute(request, context);
        } catch (RuntimeException e) {
            LOG.error("subscription {} failed to start ({})", id, requestId, e);
            operations.remove(id);
            send(
                    session,
                    Map.of(
                            "type",
                            "error",
                            "id",
                            id,
                            "payload",
                            List.of(Map.of(
                                    "message",
                                    "internal error (correlation id " + requestId + ")",
                                    "extensions",
                                    Map.of("code", "INTERNAL", "correlationId", requestId)))));
            return;
        }
        Object data = result.isDataPresent() ? result.getData() : null;
        if (data instanceof Publisher<?> publisher) {
            @SuppressWarnings("unchecked")
            Publisher<ExecutionResult> stream = (Publisher<ExecutionResult>) publisher;
            stream.subscribe(new Forwarder(session, id, placeholder));
            return;
        }
        Map<String, Object> response = GraphQlEngine.toResponse(result);
        if (!result.isDataPresent()) {
            operations.remove(id);
            send(session, Map.of("type", "error", "id", id, "payload", response.getOrDefault("errors", List.of())));
            return;
        }
        boolean stillWanted = operations.remove(id) != null;
        if (stillWanted) {
            send(session, Map.of("type", "next", "id", id, "payload", response));
            send(session, Map.of("type", "complete", "id", id));
        }
    }

    /** Forwards each event of a subscription stream as {@code next}, one at a time, then {@code complete}. */
    private final class Forwarder implements Subscriber<ExecutionResult> {
        private final WsSession session;
        private final String id;
        private final PendingSubscription placeholder;
        private Subscription subscription;

        Forwarder(WsSession session, String id, PendingSubscription placeholder) {
            this.session = session;
            this.id = id;
            this.placeholder = placeholder;
        }

        @Override
        public void onSubscribe(Subscription s) {
            this.subscription = s;
            if (!operations.replace(id, placeholder, s) || closed.get()) {
                s.cancel(); // completed by the client meanwhile
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(ExecutionResult item) {
            if (operations.get(id) != subscription) {
                return;
            }
            send(session, Map.of("type", "next", "id", id, "payload", GraphQlEngine.toResponse(item)));
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            if (operations.remove(id) == null) {
                return;
            }
            Throwable cause = DomainErrorHandler.unwrap(error);
            if (!(cause instanceof DomainException) && Outages.isOutage(cause)) {
                cause = Outages.unavailable(cause);
            }
            Map<String, Object> e = new LinkedHashMap<>();
            if (cause instanceof DomainException domain) {
                e.put("message", domain.getMessage());
                e.put("extensions", Map.of("code", domain.code().name()));
            } else {
                String correlationId = requestId;
                LOG.error("subscription {} failed ({})", id, correlationId, cause);
                e.put("message", "internal error (correlation id " + correlationId + ")");
                e.put("extensions", Map.of("code", "INTERNAL", "correlationId", correlationId));
            }
            send(session, Map.of("type", "next", "id", id, "payload", Map.of("errors", List.of(e))));
            send(session, Map.of("type", "complete", "id", id));
        }

        @Override
        public void onComplete() {
            if (operations.remove(id) != null) {
                send(session, Map.of("type", "complete", "id", id));
            }
        }
    }

    /** Marks an id as taken while its operation starts; cancelling it before the stream starts drops the stream. */
    private static final class PendingSubscription implements Subscription {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        shutdown();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.debug("WebSocket error: {}", t.getMessage());
        shutdown();
    }

    private void shutdown() {
        closed.set(true);
        releasePlaces();
        ScheduledFuture<?> pinging = keepAlive;
        if (pinging != null) {
            pinging.cancel(false);
        }
        ScheduledFuture<?> timer = initTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        operations.values().forEach(Subscription::cancel);
        operations.clear();
    }

    /** Gives back this connection's places, once. */
    private void releasePlaces() {
        if (holdsPlace.compareAndSet(true, false)) {
            limits.closed();
        }
        String place = callerPlace;
        if (place != null) {
            synchronized (holdsPlace) {
                if (callerPlace != null) {
                    callerPlace = null;
                    limits.release(place);
                }
            }
        }
    }

    private void send(WsSession session, Map<String, Object> message) {
        if (closed.get()) {
            return;
        }
        String text = Json.writeString(message);
        synchronized (this) {
            try {
                session.send(text, true);
            } catch (RuntimeException e) {
                LOG.debug("could not send to a closed WebSocket: {}", e.getMessage());
                shutdown();
            }
        }
    }

    private void close(WsSession session, int code, String reason) {
        LOG.debug("closing a graphql-ws connection with {} {}", code, reason);
        if (closed.compareAndSet(false, true)) {
            shutdown();
            synchronized (this) {
                try {
                    session.close(code, reason);
                } catch (RuntimeException e) {
                    LOG.debug("closing WebSocket failed: {}", e.getMessage());
                }
            }
        }
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
