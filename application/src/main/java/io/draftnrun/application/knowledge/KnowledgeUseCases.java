package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import java.time.Clock;

/**
 * The use cases of the knowledge slice that serve requests (sources, uploads, ingestion requests, queries), built once
 * from the slice's ports (what bootstrap wires). The ingestion itself (pipeline and worker) is wired apart: it runs in
 * the worker process too.
 */
public record KnowledgeUseCases(
        KnowledgeQueries queries,
        CreateSource createSource,
        DeleteSource deleteSource,
        UploadFiles uploadFiles,
        IngestSource ingestSource,
        UpdateSourceChunking updateSourceChunking,
        SourceIndexDirectory sourceIndexes) {

    /** The ports the slice's requests need. */
    public record Ports(
            SourceRepository sources,
            IngestionTaskRepository tasks,
            ChunkRepository chunks,
            BlobStore blobs,
            VectorStore vectors,
            EmbeddingModelProvider embeddings,
            IngestionQueue queue,
            IngestionUpdates updates) {}

    public static KnowledgeUseCases create(Ports p, Clock clock) {
        return new KnowledgeUseCases(
                new KnowledgeQueries(p.sources(), p.tasks(), p.updates(), p.chunks()),
                new CreateSource(p.sources(), p.vectors(), p.embeddings(), clock),
                new DeleteSource(p.sources(), p.vectors(), p.chunks(), p.blobs()),
                new UploadFiles(p.sources(), p.blobs(), p.tasks(), p.queue(), p.updates(), clock),
                new IngestSource(p.sources(), p.tasks(), p.queue(), p.updates(), clock),
                new UpdateSourceChunking(p.sources(), clock),
                new SourceIndexDirectory(p.sources()));
    }
}
