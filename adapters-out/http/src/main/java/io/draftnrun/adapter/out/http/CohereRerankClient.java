package io.draftnrun.adapter.out.http;

import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.application.components.tools.HttpMethod;
import io.draftnrun.application.components.tools.OutboundHttpOutcome;
import io.draftnrun.application.components.tools.OutboundHttpRequest;
import io.draftnrun.application.components.tools.port.OutboundHttp;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Reranker} on Cohere's {@code POST /v2/rerank} with {@code COHERE_API_KEY}. The call goes through the
 * process's guarded {@link OutboundHttp} ({@link GuardedOutboundHttp}: SSRF guard, body cap, timeout), the same guard
 * as the API Call and MCP tools. Without a key it fails with FAILED_PRECONDITION before any call; an error answer,
 * a refusal of the guard or a transport failure is UNAVAILABLE (the key is never in a message).
 */
public final class CohereRerankClient implements Reranker {
    public static final URI DEFAULT_URL = URI.create("https://api.cohere.com/v2/rerank");
    private final OutboundHttp http;
    private final Optional<String> apiKey;
    private final URI url;

    /**
     * @param http the guarded outbound HTTP of the process
     * @param apiKey {@code COHERE_API_KEY}; empty or blank: every rerank fails with FAILED_PRECONDITION
     * @param url the rerank endpoint; {@link #DEFAULT_URL} when null
     */
    public CohereRerankClient(OutboundHttp http, Optional<String> apiKey, URI url) {
        this.http = Objects.requireNonNull(http, "http");
        this.apiKey = apiKey == null ? Optional.empty() : apiKey.filter(k -> !k.isBlank());
        this.url = url == null ? DEFAULT_URL : url;
    }

    @Override
    public List<Ranked> rerank(String model, String query, List<String> documents, int topN) {
        if (documents.isEmpty()) {
            return List.of();
        }
        String key = apiKey.orElseThrow(() -> new DomainException(
                ErrorCode.FAILED_PRECONDITION, "the Cohere reranker needs the server variable COHERE_API_KEY"));
        OutboundHttpRequest request = new OutboundHttpRequest(
                        HttpMethod.POST,
                        url,
                        Map.of("Authorization", "Bearer " + key, "Accept", "application/json"),
                        Map.of(),
                        Optional.empty(),
                        Duration.ofSeconds(30))
                .withJsonBody(
                        Json.write(Map.of("model", model, "query", query, "documents", documents, "top_n", topN)));
        return switch (http.send(request)) {
            case OutboundHttpOutcome.Received r
            when r.response().successful() -> parse(r.response().body());
            case OutboundHttpOutcome.Received r ->
                throw new DomainException(
                        ErrorCode.UNAVAILABLE,
                        "Cohere rerank answered HTTP " + r.response().status());
            case OutboundHttpOutcome.Refused r ->
                throw new DomainException(ErrorCode.UNAVAILABLE, "Cohere rerank refused: " + r.reason());
            case OutboundHttpOutcome.Failed f ->
                throw new DomainException(ErrorCode.UNAVAILABLE, "Cohere rerank failed: " + f.message());
        };
    }

    private static List<Ranked> parse(String body) {
        List<Ranked> ranked = new ArrayList<>();
        if (Json.parseObject(body).get("results") instanceof List<?> results) {
            for (Object r : results) {
                if (r instanceof Map<?, ?> m
                        && m.get("index") instanceof Number i
                        && m.get("relevance_score") instanceof Number s) {
                    ranked.add(new Ranked(i.intValue(), s.doubleValue()));
                }
            }
        }
        return ranked;
    }
}
