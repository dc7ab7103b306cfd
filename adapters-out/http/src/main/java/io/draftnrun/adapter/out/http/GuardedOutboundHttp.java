package io.draftnrun.adapter.out.http;

import io.draftnrun.application.components.tools.HttpMethod;
import io.draftnrun.application.components.tools.OutboundHttpOutcome;
import io.draftnrun.application.components.tools.OutboundHttpRequest;
import io.draftnrun.application.components.tools.OutboundHttpResponse;
import io.draftnrun.application.components.tools.port.OutboundHttp;
import io.draftnrun.application.shared.AddressPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OutboundHttp} on Apache HttpClient 5 behind an SSRF guard ({@link AddressPolicy}): the host name and every
 * address DNS gives are checked before connecting ({@link GuardedDnsResolver}), the address actually connected to
 * is checked again before the response is read, redirects are followed here (at most {@link Options#maxRedirects()})
 * with the same checks at each hop, only http and https are accepted, the body is capped and the whole exchange
 * must fit in the request's timeout. Credentials-bearing headers are not carried to another origin on redirect.
 */
public final class GuardedOutboundHttp implements OutboundHttp, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedOutboundHttp.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<String> CROSS_ORIGIN_SAFE_HEADERS =
            Set.of("accept", "accept-language", "content-type", "user-agent");

    /**
     * @param allowedHosts host names, {@code *.domain}, IP addresses or CIDR blocks that may be reached even when
     *     private ({@code API_CALL_ALLOWED_HOSTS}, comma-separated)
     * @param maxRedirects redirects followed before giving up (default 5)
     * @param maxResponseBytes largest body read (default 5 MiB)
     */
    public record Options(List<String> allowedHosts, int maxRedirects, long maxResponseBytes) {
        public static final long DEFAULT_MAX_RESPONSE_BYTES = 5L * 1024 * 1024;

        public Options {
            allowedHosts = List.copyOf(allowedHosts);
            if (maxRedirects < 0 || maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxRedirects must be >= 0 and maxResponseBytes >= 1");
            }
        }

        public static Options defaults() {
            return new Options(List.of(), 5, DEFAULT_MAX_RESPONSE_BYTES);
        }

        /** Reads {@code API_CALL_ALLOWED_HOSTS}: a comma list, blank or null for none. */
        public static Options fromAllowList(String commaList) {
            return new Options(AddressPolicy.parseList(commaList), 5, DEFAULT_MAX_RESPONSE_BYTES);
        }
    }

    private final Options options;
    private final AddressPolicy policy;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    public GuardedOutboundHttp(Options options) {
        this(options, InetAddress::getAllByName);
    }

    GuardedOutboundHttp(Options options, GuardedDnsResolver.Lookup lookup) {
        this.options = Objects.requireNonNull(options, "options");
        this.policy = new AddressPolicy(options.allowedHosts(), "API_CALL_ALLOWED_HOSTS");
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedDnsResolver(policy, lookup))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofSeconds(120))
                                .build())
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(8)
                        .build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("draftnrun-api-call")
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbound-http-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public OutboundHttpOutcome send(OutboundHttpRequest request) {
        Objects.requireNonNull(request, "request");
        long deadline = System.nanoTime() + request.timeout().toNanos();
        URI url;
        try {
            url = withQuery(request.url(), request.queryParameters());
        } catch (URISyntaxException e) {
            return new OutboundHttpOutcome.Refused("the URL is not valid: " + e.getReason());
        }
        HttpMethod method = request.method();
        Optional<String> body = request.jsonBody();
        Map<String, String> headers = request.headers();
        URI origin = url;
        for (int hop = 0; ; hop++) {
            Optional<String> refusal = refusalForUrl(url);
            if (refusal.isPresent()) {
                return new OutboundHttpOutcome.Refused(refusal.get());
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                return timedOut(request.timeout());
            }
            Exchange exchange = exchange(method, url, headers, body, remainingMs);
            if (!(exchange instanceof Exchange.Redirect redirect)) {
                return switch (exchange) {
                    case Exchange.Done done -> done.outcome();
                    case Exchange.TimedOut ignored -> timedOut(request.timeout());
                    default -> throw new IllegalStateException();
                };
            }
            if (hop >= options.maxRedirects()) {
                return new OutboundHttpOutcome.Refused(
                        "more than " + options.maxRedirects() + " redirects, last to " + redact(redirect.location()));
            }
            URI next;
            try {
                next = url.resolve(new URI(redirect.location().strip()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return new OutboundHttpOutcome.Failed("the server redirected to an invalid URL");
            }
            if (redirect.status() == 303
                    || ((redirect.status() == 301 || redirect.status() == 302) && method != HttpMethod.GET)) {
                method = HttpMethod.GET;
                body = Optional.empty();
            }
            if (!sameOrigin(origin, next)) {
                headers = crossOriginHeaders(headers);
            }
            url = next;
        }
    }

    /** One event of a server-sent event stream. */
    public record ServerSentEvent(String event, String data) {}

    /** Why a stream could not be opened or read: refused address, HTTP status, network failure, size, deadline. */
    public static final class StreamFailure extends RuntimeException {
        public StreamFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A server-sent event stream being read on a virtual thread of its own (for the older MCP transport, whose answers
     * come on a long-lived {@code GET}): through the same guard as {@link #send} (address policy on the address
     * connected to; no redirects followed), at most {@code maxResponseBytes} read in all, closed at the latest when
     * {@code close} is called.
     */
    public final class EventStream implements AutoCloseable {
        private static final Object END = new Object();
        private final java.util.concurrent.LinkedBlockingQueue<Object> queue =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private final HttpUriRequestBase request;

        private EventStream(URI url, Map<String, String> headers) {
            this.request = new HttpUriRequestBase("GET", url);
            headers.forEach(request::addHeader);
            request.setHeader("Accept", "text/event-stream");
            Thread.ofVirtual().name("outbound-sse").start(() -> read(url));
        }

        private void read(URI url) {
            HttpClientContext context = HttpClientContext.create();
            try {
                client.execute(request, context, response -> {
                    EndpointDetails endpoint = context.getEndpointDetails();
                    SocketAddress remote = endpoint == null ? null : endpoint.getRemoteAddress();
                    if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
                        throw new ForbiddenOrTooLarge("the address connected to could not be checked");
                    }
                    Optional<String> refusal = policy.refusalFor(url.getHost(), socket.getAddress());
                    if (refusal.isPresent()) {
                        throw new ForbiddenOrTooLarge(refusal.get());
                    }
                    if (response.getCode() != 200 || response.getEntity() == null) {
                        queue.add(new StreamFailure("HTTP " + response.getCode() + " from " + url.getHost()));
                        return null;
                    }
                    long read = 0;
                    try (java.io.BufferedReader lines = new java.io.BufferedReader(
                            new java.io.InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8))) {
                        String event = "message";
                        StringBuilder data = new StringBuilder();
                        String line;
                        while ((line = lines.readLine()) != null) {
                            read += line.length() + 1;
                            if (read > options.maxResponseBytes()) {
                                throw new ForbiddenOrTooLarge(tooLarge());
                            }
                            if (line.isEmpty()) {
                                if (!data.isEmpty()) {
                                    queue.add(new ServerSentEvent(event, data.toString()));
                                }
                                event = "message";
                                data.setLength(0);
                            } else if (line.startsWith("event:")) {
                                event = line.substring(6).strip();
                            } else if (line.startsWith("data:")) {
                                if (!data.isEmpty()) {
                                    data.append('\n');
                                }
                                data.append(line.substring(5).stripLeading());
                            }
                        }
                    }
                    return null;
                });
            } catch (GuardedDnsResolver.ForbiddenAddress e) {
                queue.add(new StreamFailure(e.getMessage()));
            } catch (IOException e) {
                IOException guard = findGuard(e);
                queue.add(new StreamFailure(
                        guard != null
                                ? guard.getMessage()
                                : request.isCancelled()
                                        ? "the event stream was closed"
                                        : "event stream from " + url.getHost() + " failed: " + describe(e)));
            } catch (RuntimeException e) {
                queue.add(new StreamFailure("event stream from " + url.getHost() + " failed"));
            } finally {
                queue.add(END);
            }
        }

        /** The next event, waiting until {@code deadline} ({@link System#nanoTime}); a failure or end throws. */
        public ServerSentEvent next(long deadline) {
            try {
                Object next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new StreamFailure("no answer on the event stream in time");
                }
                if (next == END) {
                    queue.add(END);
                    throw new StreamFailure("the event stream ended");
                }
                if (next instanceof StreamFailure failure) {
                    queue.add(END);
                    throw failure;
                }
                return (ServerSentEvent) next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StreamFailure("interrupted");
            }
        }

        @Override
        public void close() {
            request.cancel();
        }
    }

    /** Opens a server-sent event stream ({@code GET}); refused at once for a URL the policy refuses. */
    public EventStream openEvents(URI url, Map<String, String> headers) {
        Optional<String> refusal = refusalForUrl(url);
        if (refusal.isPresent()) {
            throw new StreamFailure(refusal.get());
        }
        return new EventStream(url, headers);
    }

    private sealed interface Exchange {
        record Done(OutboundHttpOutcome outcome) implements Exchange {}

        record Redirect(int status, String location) implements Exchange {}

        record TimedOut() implements Exchange {}
    }

    private Exchange exchange(
            HttpMethod method, URI url, Map<String, String> headers, Optional<String> body, long remainingMs) {
        HttpUriRequestBase request = new HttpUriRequestBase(method.name(), url);
        headers.forEach(request::addHeader);
        body.ifPresent(json -> {
            String contentType = headers.entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("content-type"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse("application/json");
            request.setEntity(
                    new StringEntity(json, ContentType.parseLenient(contentType).withCharset(StandardCharsets.UTF_8)));
        });
        Timeout timeout = Timeout.ofMilliseconds(Math.max(1, remainingMs));
        request.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout)
                .build());
        HttpClientContext context = HttpClientContext.create();
        ScheduledFuture<?> cancel = deadlines.schedule(request::cancel, remainingMs, TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(remainingMs);
        try {
            return client.execute(request, context, response -> handle(url, response, context, deadline));
        } catch (GuardedDnsResolver.ForbiddenAddress e) {
            return new Exchange.Done(new OutboundHttpOutcome.Refused(e.getMessage()));
        } catch (UnknownHostException e) {
            return new Exchange.Done(new OutboundHttpOutcome.Failed("unknown host " + url.getHost()));
        } catch (InterruptedIOException e) {
            return new Exchange.TimedOut();
        } catch (IOException e) {
            if (request.isCancelled() || System.nanoTime() >= deadline) {
                return new Exchange.TimedOut();
            }
            IOException guard = findGuard(e);
            if (guard != null) {
                return new Exchange.Done(new OutboundHttpOutcome.Refused(guard.getMessage()));
            }
            LOG.debug("outbound request to {} failed: {}", url.getHost(), e.toString());
            return new Exchange.Done(
                    new OutboundHttpOutcome.Failed("request to " + url.getHost() + " failed: " + describe(e)));
        } finally {
            cancel.cancel(false);
        }
    }

    private Exchange handle(URI url, ClassicHttpResponse response, HttpClientContext context, long deadline)
            throws IOException {
        EndpointDetails endpoint = context.getEndpointDetails();
        SocketAddress remote = endpoint == null ? null : endpoint.getRemoteAddress();
        if (remote instanceof InetSocketAddress socket && socket.getAddress() != null) {
            Optional<String> refusal = policy.refusalFor(url.getHost(), socket.getAddress());
            if (refusal.isPresent()) {
                throw new ForbiddenOrTooLarge(refusal.get());
            }
        } else {
            throw new ForbiddenOrTooLarge("the address connected to could not be checked");
        }
        int status = response.getCode();
        Header location = response.getFirstHeader("Location");
        if (REDIRECTS.contains(status) && location != null) {
            return new Exchange.Redirect(status, location.getValue());
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                    .add(header.getValue());
        }
        String text = "";
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            long declared = entity.getContentLength();
            if (declared > options.maxResponseBytes()) {
                throw new ForbiddenOrTooLarge(tooLarge());
            }
            Charset charset = Optional.ofNullable(ContentType.parseLenient(entity.getContentType()))
                    .map(ContentType::getCharset)
                    .orElse(StandardCharsets.UTF_8);
            text = new String(readCapped(entity, deadline), charset);
        }
        return new Exchange.Done(
                new OutboundHttpOutcome.Received(new OutboundHttpResponse(status, headers, text, url)));
    }

    private byte[] readCapped(HttpEntity entity, long deadline) throws IOException {
        long cap = options.maxResponseBytes();
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + (long) n > cap) {
                    throw new ForbiddenOrTooLarge(tooLarge());
                }
                if (System.nanoTime() > deadline) {
                    throw new InterruptedIOException("deadline");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private String tooLarge() {
        return "the response is larger than " + options.maxResponseBytes() + " bytes";
    }

    /** A refusal found while handling the response; thrown through the client so the connection is discarded. */
    private static final class ForbiddenOrTooLarge extends IOException {
        ForbiddenOrTooLarge(String message) {
            super(message, null);
        }
    }

    private static IOException findGuard(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ForbiddenOrTooLarge || t instanceof GuardedDnsResolver.ForbiddenAddress) {
                return (IOException) t;
            }
        }
        return null;
    }

    private Optional<String> refusalForUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed, not "
                    + (scheme.isEmpty() ? "a relative URL" : scheme + ":"));
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            // java.net.URI leaves the host empty for names it does not accept, such as 0x7f.1
            String authority = Objects.requireNonNullElse(url.getRawAuthority(), "");
            String raw = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":[0-9]*$", "");
            return raw.isBlank()
                    ? Optional.of("the URL has no host")
                    : policy.refusalForHostName(raw)
                            .or(() -> Optional.of("the URL's host " + raw + " is not a valid host name"));
        }
        if (policy.hostAllowed(host)) {
            return Optional.empty();
        }
        return policy.refusalForHostName(host);
    }

    private static URI withQuery(URI url, Map<String, String> parameters) throws URISyntaxException {
        if (parameters.isEmpty()) {
            return url;
        }
        URIBuilder builder = new URIBuilder(url);
        parameters.forEach(builder::addParameter);
        return builder.build();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static Map<String, String> crossOriginHeaders(Map<String, String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (CROSS_ORIGIN_SAFE_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    private static OutboundHttpOutcome timedOut(Duration timeout) {
        return new OutboundHttpOutcome.Failed("the request timed out after " + timeout.toMillis() + " ms");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String redact(String location) {
        int q = location.indexOf('?');
        return q < 0 ? location : location.substring(0, q) + "?…";
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing the HTTP client failed: {}", e.toString());
        }
    }
}
