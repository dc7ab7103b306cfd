package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.adapter.out.llm.FileModelCatalog;
import io.draftnrun.adapter.out.llm.LangChain4jEmbeddingModelProvider;
import io.draftnrun.adapter.out.lucene.LuceneVectorStore;
import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.HybridSearch;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.domain.knowledge.RetrievalMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyword and hybrid retrieval on the real Lucene store with the real in-process MiniLM: a question naming an exact
 * identifier finds the one chunk holding it in keyword and hybrid modes, while semantic search ranks chunks that
 * merely talk like the question (contacting support about tickets) above it.
 */
class HybridRetrievalTest {
    private static final String TARGET = "log-7";
    private static final String QUESTION = "Who do I contact about ticket INC-40417?";
    private static final List<String> CHUNKS = List.of(
            "To contact IT support about a ticket, use the service portal or call extension 4400.",
            "Questions about an open ticket go to the service desk, who will tell you who handles it.",
            "Who to contact: your manager for leave, HR for contracts, the service desk for tickets.",
            "If your ticket is urgent, contact the on-call engineer through the service desk.",
            "Ticket numbers are given by the portal when you report a problem; keep them to follow up.",
            "Contact the facilities team about broken chairs, lights or heating in the offices.",
            "Forklift maintenance log, hall 3.",
            "INC-40417: the battery charger of forklift 12 in hall 3 was replaced on 12 March by Henk Vos.",
            "The cafeteria serves lunch from 11:45 to 14:00.");

    @TempDir
    Path dir;

    @Test
    void keywordAndHybridFindTheExactIdentifierThatSemanticSearchMisses() {
        LangChain4jEmbeddingModelProvider embeddings = new LangChain4jEmbeddingModelProvider(
                new FileModelCatalog(io.draftnrun.adapter.out.llm.CustomModelsFile.none()));
        try (LuceneVectorStore store = new LuceneVectorStore(dir)) {
            store.ensureCollection(new CollectionSpec("exact", 384, List.of()));
            List<float[]> vectors = embeddings.embed(BuiltInModels.LOCAL_MINILM, ProviderCredentials.none(), CHUNKS);
            List<VectorPoint> points = new ArrayList<>();
            for (int i = 0; i < CHUNKS.size(); i++) {
                points.add(new VectorPoint("log-" + i, vectors.get(i), Map.of("content", CHUNKS.get(i))));
            }
            store.upsert("exact", points);
            float[] query = embeddings
                    .embed(BuiltInModels.LOCAL_MINILM, ProviderCredentials.none(), List.of(QUESTION))
                    .getFirst();

            List<String> semantic = ids(search(store, RetrievalMode.SEMANTIC, query));
            List<String> keyword = ids(search(store, RetrievalMode.KEYWORD, query));
            List<String> hybrid = ids(search(store, RetrievalMode.HYBRID, query));

            assertThat(semantic).as("semantic top 3").doesNotContain(TARGET);
            assertThat(keyword.getFirst()).as("keyword top 1").isEqualTo(TARGET);
            assertThat(hybrid).as("hybrid top 3").contains(TARGET);
        }
    }

    private static List<ScoredPoint> search(LuceneVectorStore store, RetrievalMode mode, float[] query) {
        return HybridSearch.search(store, "exact", mode, QUESTION, () -> query, 3, VectorFilter.none());
    }

    private static List<String> ids(List<ScoredPoint> hits) {
        return hits.stream().map(ScoredPoint::chunkId).toList();
    }
}
