package io.draftnrun.application.components.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.knowledge.ChunkPayload;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.domain.knowledge.SourceId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the Retriever makes of a chunk written by our own ingestion: the file's name and page, not its opaque id. */
class RetrieverPayloadTest {

    @Test
    void aChunkOfOurIngestionIsCitedByItsFileNameAndPages() {
        VectorPoint point = ChunkPayload.point(
                new StoredChunk(
                        new SourceId(UUID.randomUUID()),
                        "f-1_2",
                        "f-1",
                        2,
                        "report.pdf",
                        List.of(2),
                        "Zebras are migrated.",
                        Map.of("url", "org/src/f-1/report.pdf", "content_type", "application/pdf"),
                        "hash"),
                new float[] {1f});

        SourceChunk chunk = Retriever.Instance.chunk(
                new ScoredPoint(point.chunkId(), 0.8, point.payload()), SourceIndex.PayloadFields.INGESTED);

        assertThat(chunk.name()).isEqualTo("f-1_2");
        assertThat(chunk.documentName()).isEqualTo("report.pdf");
        assertThat(chunk.content()).isEqualTo("Zebras are migrated.");
        assertThat(chunk.metadata())
                .containsEntry("page_numbers", List.of(2L))
                .containsEntry("content_type", "application/pdf")
                .containsEntry("similarity_score", 0.8)
                .containsEntry("document_name", "report.pdf")
                .doesNotContainKey("url");
        assertThat(chunk.metadata().values()).doesNotContain("org/src/f-1/report.pdf");
        assertThat(Contexts.sources(List.of(chunk)))
                .contains("document_name: report.pdf")
                .doesNotContain("org/src/f-1");
    }

    @Test
    void anIngestedChunkIsCitedWithNamePageAndLink() {
        SourceChunk chunk = new SourceChunk(
                "f-1_2",
                "handbook.pdf",
                "text",
                "https://files.example/x?sig=1",
                "viewer",
                Map.of("page_numbers", List.of(3L)));
        assertThat(Formatter.citation(chunk, 1))
                .isEqualTo("[1] handbook.pdf, page 3 \u2014 https://files.example/x?sig=1");
        SourceChunk spanning =
                new SourceChunk("f-1_3", "handbook.pdf", "text", "", "viewer", Map.of("page_numbers", List.of(4L, 3L)));
        assertThat(Formatter.citation(spanning, 2)).isEqualTo("[2] handbook.pdf, pages 3, 4");
        SourceChunk markdown =
                new SourceChunk("f-2_0", "notes.md", "text", "", "viewer", Map.of("page_numbers", List.of()));
        assertThat(Formatter.citation(markdown, 3)).isEqualTo("[3] notes.md");
    }
}
