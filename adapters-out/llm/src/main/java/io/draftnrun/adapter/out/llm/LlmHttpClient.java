package io.draftnrun.adapter.out.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.common.tls.Tls;
import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The HTTP client of our models: Helidon's WebClient, which sends the request and reads the answer on the calling
 * thread, a virtual thread (no selector thread, no hand-off per chunk: measured against the stub, 0.07-0.1 ms less per
 * call than the JDK client, which reads through its selector thread and its executor). A streamed answer is read on the
 * calling thread too, which parses the events and calls the listener; {@link #within} gives a call its deadline. TLS
 * uses the JDK's default trust store, with host name verification (TLS to an IP address is refused, see
 * {@link #refuseTlsToAnAddress}); redirects are not followed (as langchain4j's own clients). Form-data (multipart)
 * requests, which no chat model sends, are refused.
 */
final class LlmHttpClient implements HttpClient {
    private final WebClient client;
    private final Duration readTimeout;

    private LlmHttpClient(Builder builder) {
        this.readTimeout = builder.readTimeout;
        var config = WebClient.builder().followRedirects(false).keepAlive(true);
        if (builder.connectTimeout != null) {
            config.connectTimeout(builder.connectTimeout);
        }
        if (builder.readTimeout != null) {
            config.readTimeout(builder.readTimeout);
        }
        if (builder.tls != null) {
            config.tls(builder.tls);
        }
        this.client = config.build();
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
        try (HttpClientResponse response = send(request)) {
            String body = new String(response.inputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = response.status().code();
            if (!successful(status)) {
                throw new HttpException(status, body);
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(status)
                    .headers(headers(response))
                    .body(body)
                    .build();
        } catch (IOException | UncheckedIOException e) {
            throw failure(e);
        }
    }

    /**
     * Reads the streamed answer on the calling thread (langchain4j's models call this from their {@code chat}, which
     * therefore returns once the answer is complete): no thread hand-off per call.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        stream(request, parser, listener);
    }

    /**
     * Runs a model call on this thread with {@code timeout} as its deadline: each request of the call waits at most
     * the time left, and reading a streamed answer stops once it is up.
     */
    static <T> T within(Duration timeout, Supplier<T> call) {
        Long previous = DEADLINE.get();
        DEADLINE.set(System.nanoTime() + timeout.toNanos());
        try {
            return call.get();
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    /** The deadline ({@link System#nanoTime}) of the model call running on this thread, set by {@link #within}. */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private void stream(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpClientResponse response;
        try {
            response = send(request);
        } catch (RuntimeException e) {
            RuntimeException failure = failure(e);
            quietly(() -> listener.onError(failure));
            return;
        }
        try (response;
                InputStream body = untilDeadline(response.inputStream())) {
            int status = response.status().code();
            if (!successful(status)) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                quietly(() -> listener.onError(new HttpException(status, text)));
                return;
            }
            SuccessfulHttpResponse opened = SuccessfulHttpResponse.builder()
                    .statusCode(status)
                    .headers(headers(response))
                    .build();
            quietly(() -> listener.onOpen(opened));
            parser.parse(body, listener);
            quietly(listener::onClose);
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = failure(e);
            quietly(() -> listener.onError(failure));
        }
    }

    /** Reads of a streamed answer that fail once the call's deadline has passed. */
    private static InputStream untilDeadline(InputStream in) {
        Long deadline = DEADLINE.get();
        if (deadline == null) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                check();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int n) throws IOException {
                check();
                return super.read(b, off, n);
            }

            private void check() throws SocketTimeoutException {
                if (System.nanoTime() - deadline > 0) {
                    throw new SocketTimeoutException("the model call's time is up");
                }
            }
        };
    }

    /**
     * A timeout anywhere in the cause chain is langchain4j's {@link TimeoutException}; a read cut by interrupting this
     * thread (the run was cancelled: the socket is closed) says so; other failures as they are.
     */
    private static RuntimeException failure(Exception e) {
        if (Thread.currentThread().isInterrupted()) {
            return new DomainException(ErrorCode.UNAVAILABLE, "the model call was interrupted");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new TimeoutException(t);
            }
        }
        return e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
    }

    /** A listener's failure must not stop the reading (as in langchain4j's clients). */
    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // the listener's own problem
        }
    }

    private HttpClientResponse send(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("form-data requests are not supported by this client");
        }
        refuseTlsToAnAddress(request.url());
        HttpClientRequest out =
                client.method(Method.create(request.method().name())).uri(request.url());
        Long deadline = DEADLINE.get();
        if (deadline != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("the model call's time is up");
            }
            Duration wait = Duration.ofNanos(left);
            out.readTimeout(readTimeout == null || wait.compareTo(readTimeout) < 0 ? wait : readTimeout);
        }
        request.headers().forEach((name, values) -> {
            if (values != null && !values.isEmpty()) {
                out.header(HeaderValues.create(name, values));
            }
        });
        return request.body() == null
                ? out.request()
                : out.submit(request.body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Helidon's client checks a certificate against a host name but not against an IP address (measured: a certificate
     * naming only {@code localhost} is accepted at {@code https://127.0.0.1}), so TLS to an address is refused rather
     * than left unchecked.
     */
    private static void refuseTlsToAnAddress(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        if ("https".equalsIgnoreCase(uri.getScheme())
                && host != null
                && (host.startsWith("[")
                        || host.contains(":")
                        || IPV4.matcher(host).matches())) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "the provider URL https://" + host + " names an IP address: use its host name, which its TLS"
                            + " certificate can be checked against");
        }
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static Map<String, List<String>> headers(HttpClientResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.headers()) {
            headers.computeIfAbsent(header.name(), k -> new ArrayList<>()).addAll(header.allValues());
        }
        return headers;
    }

    private static boolean successful(int status) {
        return status >= 200 && status < 300;
    }

    /** The builder langchain4j's model builders configure (timeouts) and build. */
    static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;
        private Tls tls;

        /** The TLS settings (default: the JDK's trust store, with host name verification). */
        Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public LlmHttpClient build() {
            return new LlmHttpClient(this);
        }
    }
}
