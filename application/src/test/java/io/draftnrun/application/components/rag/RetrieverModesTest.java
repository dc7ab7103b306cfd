package io.draftnrun.application.components.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.components.rag.port.KnowledgeSources;
import io.draftnrun.application.knowledge.BlobKey;
import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.InMemoryVectorStore;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.application.knowledge.port.DocumentLinks;
import io.draftnrun.application.llm.FakeEmbeddingModelProvider;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Retriever's search modes and the links it gives to chunks of our own ingestion. */
class RetrieverModesTest {
    private static final UUID SOURCE = UUID.randomUUID();
    private static final ModelReference EMBEDDER = ModelReference.parse("openai:text-embedding-3-small");

    private final InMemoryVectorStore store = new InMemoryVectorStore();
    private final FakeEmbeddingModelProvider embeddings = new FakeEmbeddingModelProvider(16);
    private final List<String> minted = new ArrayList<>();
    private final DocumentLinks links = (key, name) -> {
        minted.add(key.value());
        return Optional.of("https://files.example/" + name + "?sig=x");
    };
    private final KnowledgeSources sources =
            (org, id) -> Optional.of(new SourceIndex("kb", EMBEDDER, 16, SourceIndex.PayloadFields.INGESTED));
    private final TestRunContexts runs = new TestRunContexts(new ScriptedChatModelProvider());
    private final Retriever.Ports ports =
            new Retriever.Ports(sources, embeddings, TestRunContexts.credentials(), store, links);

    private void ingest(String org) {
        store.ensureCollection(new CollectionSpec("kb", 16, List.of()));
        String[][] docs = {
            {"c1", "mine.pdf", org + "/s/f1/mine.pdf", "Invoice ZX-4471 was paid in March."},
            {"c2", "theirs.pdf", UUID.randomUUID() + "/s/f2/theirs.pdf", "Invoice ZX-4471 copy of another org."},
            {"c3", "other.md", org + "/s/f3/other.md", "Quarterly revenue grew."}
        };
        List<VectorPoint> points = new ArrayList<>();
        for (String[] d : docs) {
            points.add(new VectorPoint(
                    d[0],
                    embeddings
                            .embed(EMBEDDER, ProviderCredentials.none(), List.of(d[3]))
                            .getFirst(),
                    Map.of(
                            "content", d[3],
                            "document_name", d[1],
                            "url", d[2],
                            "page_numbers", List.of(1),
                            "metadata", Map.of("url", d[2], "content_type", "application/pdf"))));
        }
        store.upsert("kb", points);
    }

    private Retriever.Instance retriever(Map<String, Object> extra) {
        Map<String, Object> parameters = new java.util.HashMap<>(extra);
        parameters.put("data_source", SOURCE.toString());
        Retriever behaviour = new Retriever(ports);
        return (Retriever.Instance) behaviour.create(new ComponentSpec(
                NodeId.random(),
                "Retriever",
                ResolvedParameters.of(parameters),
                Map.of(),
                ToolDescription.empty("Retriever")));
    }

    @Test
    void keywordModeFindsOnlyChunksSharingWordsAndHybridIsTheDefault() {
        RunContext ctx = runs.context();
        ingest(ctx.organizationId().toString());
        assertThat(retriever(Map.of()).mode()).isEqualTo(io.draftnrun.domain.knowledge.RetrievalMode.HYBRID);

        List<SourceChunk> keyword = retriever(Map.of("mode", "keyword")).retrieve("revenue", VectorFilter.none(), ctx);
        assertThat(keyword).extracting(SourceChunk::name).containsExactly("c3");
        assertThat(retriever(Map.of("mode", "semantic")).retrieve("revenue", VectorFilter.none(), ctx))
                .hasSize(3);
        assertThatThrownBy(() -> retriever(Map.of("mode", "fuzzy")))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo(ErrorCode.VALIDATION))
                .hasMessageContaining("semantic, keyword or hybrid");
    }

    @Test
    void linksAreMintedOnlyForFilesOfTheRunsOrganizationAndKeysNeverShow() {
        RunContext ctx = runs.context();
        ingest(ctx.organizationId().toString());

        List<SourceChunk> chunks =
                retriever(Map.of("mode", "keyword")).retrieve("invoice ZX-4471", VectorFilter.none(), ctx);

        assertThat(chunks).extracting(SourceChunk::name).containsExactlyInAnyOrder("c1", "c2");
        SourceChunk mine =
                chunks.stream().filter(c -> c.name().equals("c1")).findFirst().orElseThrow();
        SourceChunk theirs =
                chunks.stream().filter(c -> c.name().equals("c2")).findFirst().orElseThrow();
        assertThat(mine.url()).isEqualTo("https://files.example/mine.pdf?sig=x");
        assertThat(theirs.url()).isEmpty();
        assertThat(minted).containsExactly(ctx.organizationId() + "/s/f1/mine.pdf");
        for (SourceChunk c : chunks) {
            assertThat(c.metadata()).doesNotContainKey("url");
            assertThat(c.metadata().values().toString()).doesNotContain("/s/f");
        }
        assertThat(BlobKey.of(minted.getFirst()).fileName()).isEqualTo("mine.pdf");
    }
}
