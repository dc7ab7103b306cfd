package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;

/**
 * Deletes a source (admin right) with everything it owns: its vector collection, its chunks, its uploaded files and
 * (through the database) its ingestion tasks. The row goes last, so a failure half-way can be retried.
 */
public final class DeleteSource {
    private final SourceRepository sources;
    private final VectorStore vectors;
    private final ChunkRepository chunks;
    private final BlobStore blobs;

    public DeleteSource(SourceRepository sources, VectorStore vectors, ChunkRepository chunks, BlobStore blobs) {
        this.sources = sources;
        this.vectors = vectors;
        this.chunks = chunks;
        this.blobs = blobs;
    }

    public void handle(Actor actor, SourceId id) {
        Source source = KnowledgeAccess.source(sources, actor, id, Right.ADMIN);
        vectors.deleteCollection(source.collection());
        chunks.deleteSource(id);
        blobs.deletePrefix(UploadFiles.folderOf(source) + "/");
        sources.delete(id);
    }
}
