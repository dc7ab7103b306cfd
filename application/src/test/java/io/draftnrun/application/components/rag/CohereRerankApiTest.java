package io.draftnrun.application.components.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.application.components.tools.OutboundHttpOutcome;
import io.draftnrun.application.components.tools.OutboundHttpRequest;
import io.draftnrun.application.components.tools.OutboundHttpResponse;
import io.draftnrun.application.components.tools.ScriptedOutboundHttp;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.shared.DomainException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CohereRerankApiTest {
    private final ScriptedOutboundHttp http = new ScriptedOutboundHttp();

    @Test
    void sendsTheRerankRequestAndReadsTheRanking() {
        http.thenReturn(new OutboundHttpOutcome.Received(new OutboundHttpResponse(
                200,
                Map.of(),
                "{\"results\":[{\"index\":1,\"relevance_score\":0.93},{\"index\":0,\"relevance_score\":0.12}]}",
                CohereRerankApi.DEFAULT_URL)));
        CohereRerankApi api = new CohereRerankApi(http, Optional.of("co-key"), null);

        List<Reranker.Ranked> ranked = api.rerank("rerank-v3.5", "capital?", List.of("a", "b"), 2);

        assertThat(ranked).containsExactly(new Reranker.Ranked(1, 0.93), new Reranker.Ranked(0, 0.12));
        OutboundHttpRequest sent = http.requests().getFirst();
        assertThat(sent.url()).isEqualTo(URI.create("https://api.cohere.com/v2/rerank"));
        assertThat(sent.headers()).containsEntry("Authorization", "Bearer co-key");
        assertThat(Json.parseObject(sent.jsonBody().orElseThrow()))
                .isEqualTo(Map.of(
                        "model", "rerank-v3.5", "query", "capital?", "documents", List.of("a", "b"), "top_n", 2L));
    }

    @Test
    void withoutAKeyOrOnAnErrorItFailsClearly() {
        assertThatThrownBy(() -> new CohereRerankApi(http, Optional.empty(), null).rerank("m", "q", List.of("a"), 1))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("COHERE_API_KEY");
        http.thenReturn(new OutboundHttpOutcome.Received(
                new OutboundHttpResponse(429, Map.of(), "{}", CohereRerankApi.DEFAULT_URL)));
        assertThatThrownBy(() -> new CohereRerankApi(http, Optional.of("k"), null).rerank("m", "q", List.of("a"), 1))
                .hasMessageContaining("HTTP 429");
    }
}
