package io.draftnrun.adapter.out.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The HTTP client of our models: the JDK's, with a streamed answer read by one virtual thread that sends the request,
 * parses the events and calls the listener. langchain4j's own JDK client reads it in a dependent action of
 * {@code sendAsync}, which the JDK runs on the common fork-join pool: a hand-off to a platform thread per call, about
 * 0.04 ms of CPU per run. Form-data (multipart) requests, which no chat model sends, are refused.
 */
final class LlmHttpClient implements HttpClient {
    /** The JDK client's own dependent tasks run on virtual threads too (instead of its pool of platform threads). */
    private static final Executor VIRTUAL_THREADS =
            task -> Thread.ofVirtual().name("llm-http").start(task);

    private final java.net.http.HttpClient delegate;
    private final Duration readTimeout;

    private LlmHttpClient(Builder builder) {
        java.net.http.HttpClient.Builder client =
                java.net.http.HttpClient.newBuilder().executor(VIRTUAL_THREADS);
        if (builder.connectTimeout != null) {
            client.connectTimeout(builder.connectTimeout);
        }
        this.delegate = client.build();
        this.readTimeout = builder.readTimeout;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
        try {
            HttpResponse<String> response =
                    delegate.send(toJdk(request), BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (!successful(response.statusCode())) {
                throw new HttpException(response.statusCode(), response.body());
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        java.net.http.HttpRequest jdk = toJdk(request);
        Thread.ofVirtual().name("llm-stream").start(() -> stream(jdk, parser, listener));
    }

    private void stream(
            java.net.http.HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        HttpResponse<InputStream> response;
        try {
            response = delegate.send(request, BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            quietly(() -> listener.onError(new TimeoutException(e)));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quietly(() -> listener.onError(e));
            return;
        } catch (IOException | RuntimeException e) {
            quietly(() -> listener.onError(e));
            return;
        }
        try (InputStream body = response.body()) {
            if (!successful(response.statusCode())) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                quietly(() -> listener.onError(new HttpException(response.statusCode(), text)));
                return;
            }
            SuccessfulHttpResponse opened = SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .build();
            quietly(() -> listener.onOpen(opened));
            parser.parse(body, listener);
            quietly(listener::onClose);
        } catch (IOException | RuntimeException e) {
            quietly(() -> listener.onError(e));
        }
    }

    /** A listener's failure must not stop the reading (as in langchain4j's clients). */
    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // the listener's own problem
        }
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("form-data requests are not supported by this client");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(
                request.method().name(),
                request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        return builder.build();
    }

    private static boolean successful(int status) {
        return status >= 200 && status < 300;
    }

    /** The builder langchain4j's model builders configure (timeouts) and build. */
    static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;

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
