package io.draftnrun.adapter.in.graphql;

import io.draftnrun.application.knowledge.DocumentPage;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.RowCounts;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.TaskFile;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** The knowledge slice's views: one record per schema type, checked against the schema at start. */
final class KnowledgeViews {
    private KnowledgeViews() {}

    /** The schema types these records serve. */
    static final Map<String, Class<? extends Record>> TYPES = Map.ofEntries(
            Map.entry("Source", SourceView.class),
            Map.entry("DatabaseSource", DatabaseSourceView.class),
            Map.entry("IngestionTask", IngestionTaskView.class),
            Map.entry("IngestionFile", IngestionFileView.class),
            Map.entry("IngestionFileResult", IngestionFileResultView.class),
            Map.entry("IngestionTaskConnection", Fetchers.Connection.class),
            Map.entry("IngestionTaskEdge", Fetchers.Edge.class),
            Map.entry("IngestionTaskPageInfo", Fetchers.PageInfo.class),
            Map.entry("RowCounts", RowCountsView.class),
            Map.entry("Document", DocumentView.class),
            Map.entry("DocumentConnection", Fetchers.Connection.class),
            Map.entry("DocumentEdge", Fetchers.Edge.class),
            Map.entry("Chunk", ChunkView.class),
            Map.entry("ChunkConnection", Fetchers.Connection.class),
            Map.entry("ChunkEdge", Fetchers.Edge.class));

    /** {@code Source}: a knowledge source and its vector collection. */
    record SourceView(
            String id,
            String organizationId,
            String name,
            String type,
            String embeddingModel,
            int dimensions,
            String collection,
            int chunkSize,
            int chunkOverlap,
            DatabaseSourceView database,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
        static SourceView of(Source s) {
            return new SourceView(
                    s.id().toString(),
                    s.organizationId().toString(),
                    s.name(),
                    s.type().name(),
                    s.embeddingModel().toString(),
                    s.dimensions(),
                    s.collection(),
                    s.chunking().chunkSize(),
                    s.chunking().chunkOverlap(),
                    s.database().map(DatabaseSourceView::of).orElse(null),
                    Fetchers.time(s.createdAt()),
                    Fetchers.time(s.updatedAt()));
        }
    }

    /** {@code DatabaseSource}: the table a DATABASE source reads (the URL only as a secret's name). */
    record DatabaseSourceView(
            String urlSecretKey,
            String table,
            String idColumn,
            List<String> textColumns,
            List<String> metadataColumns,
            String timestampColumn,
            boolean syncEnabled) {
        static DatabaseSourceView of(DatabaseSourceSettings db) {
            return new DatabaseSourceView(
                    db.urlSecretKey(),
                    db.table(),
                    db.idColumn(),
                    db.textColumns(),
                    db.metadataColumns(),
                    db.timestampColumn().orElse(null),
                    db.syncEnabled());
        }
    }

    /** {@code IngestionTask}. */
    record IngestionTaskView(
            String id,
            String organizationId,
            String sourceId,
            String sourceName,
            String status,
            int filesTotal,
            int filesDone,
            int chunksTotal,
            int chunksDone,
            String error,
            List<IngestionFileView> files,
            List<IngestionFileResultView> results,
            RowCountsView rows,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
        static IngestionTaskView of(IngestionTask t) {
            return new IngestionTaskView(
                    t.id().toString(),
                    t.organizationId().toString(),
                    t.sourceId().toString(),
                    t.sourceName(),
                    t.status().name(),
                    t.filesTotal(),
                    t.filesDone(),
                    t.chunksTotal(),
                    t.chunksDone(),
                    t.error().orElse(null),
                    t.files().stream().map(IngestionFileView::of).toList(),
                    t.results().stream().map(IngestionFileResultView::of).toList(),
                    t.rows().map(RowCountsView::of).orElse(null),
                    Fetchers.time(t.createdAt()),
                    Fetchers.time(t.updatedAt()));
        }
    }

    /** {@code IngestionFile}. */
    record IngestionFileView(String id, String name, String contentType, long size) {
        static IngestionFileView of(TaskFile f) {
            return new IngestionFileView(f.fileId(), f.name(), f.contentType(), f.size());
        }
    }

    /** {@code IngestionFileResult}. */
    record IngestionFileResultView(String fileId, String name, String outcome, int chunks, String error) {
        static IngestionFileResultView of(FileResult r) {
            return new IngestionFileResultView(
                    r.fileId(),
                    r.name(),
                    r.outcome().name(),
                    r.chunks(),
                    r.error().orElse(null));
        }
    }

    /** {@code RowCounts}: what a DATABASE ingestion did to the rows. */
    record RowCountsView(long inserted, long updated, long deleted, long unchanged) {
        static RowCountsView of(RowCounts c) {
            return new RowCountsView(c.inserted(), c.updated(), c.deleted(), c.unchanged());
        }
    }

    /** {@code Document}. */
    record DocumentView(String id, String sourceId, String name, int chunkCount, OffsetDateTime updatedAt) {
        static DocumentView of(SourceId source, DocumentPage.Document d) {
            return new DocumentView(d.id(), source.toString(), d.name(), d.chunkCount(), Fetchers.time(d.updatedAt()));
        }
    }

    /** {@code Chunk}. */
    record ChunkView(
            String id,
            String documentId,
            int index,
            String documentName,
            String content,
            List<Integer> pageNumbers,
            Map<String, Object> metadata) {
        static ChunkView of(StoredChunk c) {
            return new ChunkView(
                    c.chunkId(), c.fileId(), c.index(), c.documentName(), c.content(), c.pageNumbers(), c.metadata());
        }
    }
}
