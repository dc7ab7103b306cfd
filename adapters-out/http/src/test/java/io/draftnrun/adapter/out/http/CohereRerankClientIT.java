package io.draftnrun.adapter.out.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cohere rerank client against a real local HTTP server standing in for Cohere, through the guarded client. */
class CohereRerankClientIT {
    private static HttpServer server;
    private static GuardedOutboundHttp allowLocal;
    private static GuardedOutboundHttp strict;
    private static URI rerank;
    private static URI tooMany;
    private static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();

    record Received(String method, String path, String authorization, String contentType, String body) {}

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(
                "/v2/rerank",
                e -> reply(
                        e,
                        200,
                        "{\"id\":\"r1\",\"results\":[{\"index\":1,\"relevance_score\":0.93},"
                                + "{\"index\":0,\"relevance_score\":0.12}]}"));
        server.createContext("/limited/v2/rerank", e -> reply(e, 429, "{\"message\":\"too many requests\"}"));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        rerank = URI.create(base + "/v2/rerank");
        tooMany = URI.create(base + "/limited/v2/rerank");
        allowLocal = new GuardedOutboundHttp(new GuardedOutboundHttp.Options(
                List.of("127.0.0.1"), 5, GuardedOutboundHttp.Options.DEFAULT_MAX_RESPONSE_BYTES));
        strict = new GuardedOutboundHttp(GuardedOutboundHttp.Options.fromAllowList(""));
    }

    @AfterAll
    static void stop() {
        allowLocal.close();
        strict.close();
        server.stop(0);
    }

    @BeforeEach
    void forget() {
        RECEIVED.clear();
    }

    @Test
    void sendsTheRerankRequestAndReadsTheRanking() {
        CohereRerankClient client = new CohereRerankClient(allowLocal, Optional.of("co-key"), rerank);

        List<Reranker.Ranked> ranked = client.rerank("rerank-v3.5", "capital?", List.of("a", "b"), 2);

        assertThat(ranked).containsExactly(new Reranker.Ranked(1, 0.93), new Reranker.Ranked(0, 0.12));
        assertThat(RECEIVED).hasSize(1);
        Received sent = RECEIVED.peek();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v2/rerank");
        assertThat(sent.authorization()).isEqualTo("Bearer co-key");
        assertThat(sent.contentType()).startsWith("application/json");
        assertThat(Json.parseObject(sent.body()))
                .isEqualTo(Map.of(
                        "model", "rerank-v3.5", "query", "capital?", "documents", List.of("a", "b"), "top_n", 2L));
    }

    @Test
    void noDocumentsMeansNoCall() {
        assertThat(new CohereRerankClient(allowLocal, Optional.of("k"), rerank).rerank("m", "q", List.of(), 3))
                .isEmpty();
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void withoutAKeyItFailsBeforeAnyCall() {
        assertThatThrownBy(() ->
                        new CohereRerankClient(allowLocal, Optional.of(" "), rerank).rerank("m", "q", List.of("a"), 1))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
                .hasMessageContaining("COHERE_API_KEY");
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void anErrorAnswerIsUnavailableWithoutTheKey() {
        assertThatThrownBy(() -> new CohereRerankClient(allowLocal, Optional.of("secret-key"), tooMany)
                        .rerank("m", "q", List.of("a"), 1))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("HTTP 429")
                .hasMessageNotContaining("secret-key");
    }

    @Test
    void theCallGoesThroughTheOutboundGuard() {
        // without 127.0.0.1 on the allow list, the guard refuses the private address before connecting
        assertThatThrownBy(() ->
                        new CohereRerankClient(strict, Optional.of("k"), rerank).rerank("m", "q", List.of("a"), 1))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("refused");
        assertThat(RECEIVED).isEmpty();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        RECEIVED.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(in, StandardCharsets.UTF_8)));
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }
}
