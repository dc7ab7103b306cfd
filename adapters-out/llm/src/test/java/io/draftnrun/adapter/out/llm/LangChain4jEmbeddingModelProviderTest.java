package io.draftnrun.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.InMemoryModelCatalog;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.shared.DomainException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class LangChain4jEmbeddingModelProviderTest {
    final LangChain4jEmbeddingModelProvider provider = new LangChain4jEmbeddingModelProvider(
            new InMemoryModelCatalog(), LangChain4jChatModelProviderTest.FAST, 2, Duration.ofSeconds(5));

    @Test
    void inProcessMiniLmGives384DimensionVectorsWhereSimilarSentencesAreCloser() {
        List<float[]> v = provider.embed(
                BuiltInModels.LOCAL_MINILM,
                ProviderCredentials.none(),
                List.of(
                        "The cat sleeps on the sofa.",
                        "A kitten is napping on the couch.",
                        "Quarterly revenue grew by eight percent."));

        assertThat(v).hasSize(3).allSatisfy(x -> assertThat(x).hasSize(384));
        assertThat(provider.dimensions(BuiltInModels.LOCAL_MINILM)).isEqualTo(384);
        assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.2);
    }

    @Test
    void openAiEmbeddingsAreBatched() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(embeddings("[0.1,0.2,0.3]", "[0.4,0.5,0.6]"));
            server.enqueue(embeddings("[0.7,0.8,0.9]"));
            List<float[]> v = provider.embed(
                    ModelReference.parse("openai:text-embedding-3-small"),
                    ProviderCredentials.of("sk-x", server.url("/v1").toString()),
                    List.of("a", "b", "c"));

            assertThat(v).hasSize(3);
            assertThat(v.get(2)).containsExactly(0.7f, 0.8f, 0.9f);
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/embeddings");
        }
        assertThat(provider.dimensions(ModelReference.parse("openai:text-embedding-3-small")))
                .isEqualTo(1536);
    }

    @Test
    void unknownEmbeddingModelIsAClearError() {
        assertThatThrownBy(() -> provider.dimensions(ModelReference.parse("acme:nothing")))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("unknown embedding model 'acme:nothing'");
        assertThatThrownBy(() -> provider.embed(
                        ModelReference.parse("anthropic:claude"), ProviderCredentials.none(), List.of("x")))
                .hasMessageContaining("has no embedding model");
    }

    private static MockResponse embeddings(String... vectors) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < vectors.length; i++) {
            data.append(i == 0 ? "" : ",")
                    .append("{\"object\":\"embedding\",\"index\":")
                    .append(i)
                    .append(",\"embedding\":")
                    .append(vectors[i])
                    .append('}');
        }
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"m\","
                        + "\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}")
                .build();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
