package io.draftnrun.bootstrap.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat endpoint answering "pong" (streamed as "po" + "ng" when asked to stream), in process on
 * the JDK HTTP server, for end-to-end tests. A request whose text contains {@value #HOLD} gets no answer until the
 * stub is closed: a run calling it blocks until it is cancelled. A request whose text contains {@value #SLOW} is
 * answered after {@value #SLOW_MILLIS} ms (a run that takes a while).
 */
final class OpenAiStub implements AutoCloseable {
    static final String HOLD = "hold-the-answer";
    static final String SLOW = "slow-answer";
    static final long SLOW_MILLIS = 3000;
    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    /** The {@code Authorization} header of every request, in order (which key a call used). */
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    OpenAiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains(HOLD)) {
                held.incrementAndGet();
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            if (body.contains(SLOW)) {
                try {
                    released.await(SLOW_MILLIS, TimeUnit.MILLISECONDS); // the model takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean stream = body.replace(" ", "").contains("\"stream\":true");
            String base = "\"id\":\"c1\",\"created\":1,\"model\":\"gpt-4o-mini\"";
            if (stream) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (String delta : new String[] {
                        "{\"role\":\"assistant\",\"content\":\"\"}", "{\"content\":\"po\"}", "{\"content\":\"ng\"}"
                    }) {
                        write(
                                out,
                                "data: {" + base + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                                        + "\"delta\":" + delta + ",\"finish_reason\":null}]}\n\n");
                    }
                    write(
                            out,
                            "data: {" + base + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                                    + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                                    + "\"completion_tokens\":1,\"total_tokens\":10}}\n\n");
                    write(out, "data: [DONE]\n\n");
                }
            } else {
                byte[] json = ("{" + base + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                                + "{\"role\":\"assistant\",\"content\":\"pong\"},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(json);
                }
            }
        });
        server.start();
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** How many requests are being held so far. */
    int held() {
        return held.get();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
