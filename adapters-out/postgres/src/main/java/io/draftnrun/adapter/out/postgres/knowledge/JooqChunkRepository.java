package io.draftnrun.adapter.out.postgres.knowledge;

import static io.draftnrun.adapter.out.postgres.jooq.ingestion.Tables.CHUNKS;
import static io.draftnrun.adapter.out.postgres.jooq.ingestion.Tables.INGESTED_FILES;

import com.fasterxml.jackson.core.type.TypeReference;
import io.draftnrun.adapter.out.postgres.jooq.ingestion.tables.records.ChunksRecord;
import io.draftnrun.application.knowledge.ChunkPage;
import io.draftnrun.application.knowledge.DocumentPage;
import io.draftnrun.application.knowledge.IngestedFile;
import io.draftnrun.application.knowledge.PageCursors;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.SourceId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Chunks and ingested-file hashes (ingestion database); a file's chunks are replaced in one transaction. */
public final class JooqChunkRepository implements ChunkRepository {
    private static final int BATCH = 200;
    private final DSLContext dsl;

    public JooqChunkRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<String> replaceFile(SourceId source, String fileId, List<StoredChunk> chunks) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Set<String> keep = chunks.stream().map(StoredChunk::chunkId).collect(Collectors.toSet());
            List<String> existing = t.select(CHUNKS.CHUNK_ID)
                    .from(CHUNKS)
                    .where(CHUNKS.SOURCE_ID.eq(source.value()))
                    .and(CHUNKS.FILE_ID.eq(fileId))
                    .fetch(CHUNKS.CHUNK_ID);
            List<String> removed =
                    existing.stream().filter(id -> !keep.contains(id)).toList();
            if (!removed.isEmpty()) {
                t.deleteFrom(CHUNKS)
                        .where(CHUNKS.SOURCE_ID.eq(source.value()))
                        .and(CHUNKS.CHUNK_ID.in(removed))
                        .execute();
            }
            for (int from = 0; from < chunks.size(); from += BATCH) {
                var batch = chunks.subList(from, Math.min(chunks.size(), from + BATCH));
                var insert = t.insertInto(
                        CHUNKS,
                        CHUNKS.SOURCE_ID,
                        CHUNKS.CHUNK_ID,
                        CHUNKS.FILE_ID,
                        CHUNKS.CHUNK_INDEX,
                        CHUNKS.DOCUMENT_NAME,
                        CHUNKS.PAGE_NUMBERS,
                        CHUNKS.CONTENT,
                        CHUNKS.METADATA,
                        CHUNKS.CONTENT_HASH);
                for (StoredChunk c : batch) {
                    insert = insert.values(
                            source.value(),
                            c.chunkId(),
                            c.fileId(),
                            c.index(),
                            c.documentName(),
                            JsonColumns.write(c.pageNumbers()),
                            c.content(),
                            JsonColumns.write(c.metadata()),
                            c.contentHash());
                }
                insert.onConflict(CHUNKS.SOURCE_ID, CHUNKS.CHUNK_ID)
                        .doUpdate()
                        .set(CHUNKS.FILE_ID, DSL.excluded(CHUNKS.FILE_ID))
                        .set(CHUNKS.CHUNK_INDEX, DSL.excluded(CHUNKS.CHUNK_INDEX))
                        .set(CHUNKS.DOCUMENT_NAME, DSL.excluded(CHUNKS.DOCUMENT_NAME))
                        .set(CHUNKS.PAGE_NUMBERS, DSL.excluded(CHUNKS.PAGE_NUMBERS))
                        .set(CHUNKS.CONTENT, DSL.excluded(CHUNKS.CONTENT))
                        .set(CHUNKS.METADATA, DSL.excluded(CHUNKS.METADATA))
                        .set(CHUNKS.CONTENT_HASH, DSL.excluded(CHUNKS.CONTENT_HASH))
                        .set(CHUNKS.PROCESSED_AT, DSL.currentOffsetDateTime())
                        .execute();
            }
            // the file changed: its earlier complete ingestion no longer describes it
            t.deleteFrom(INGESTED_FILES)
                    .where(INGESTED_FILES.SOURCE_ID.eq(source.value()))
                    .and(INGESTED_FILES.FILE_ID.eq(fileId))
                    .execute();
            return removed;
        });
    }

    @Override
    public Optional<IngestedFile> ingested(SourceId source, String fileId) {
        return dsl.selectFrom(INGESTED_FILES)
                .where(INGESTED_FILES.SOURCE_ID.eq(source.value()))
                .and(INGESTED_FILES.FILE_ID.eq(fileId))
                .fetchOptional()
                .map(r -> new IngestedFile(r.getContentHash(), r.getChunkCount()));
    }

    @Override
    public void markIngested(SourceId source, String fileId, String contentHash, int chunkCount) {
        dsl.insertInto(INGESTED_FILES)
                .set(INGESTED_FILES.SOURCE_ID, source.value())
                .set(INGESTED_FILES.FILE_ID, fileId)
                .set(INGESTED_FILES.CONTENT_HASH, contentHash)
                .set(INGESTED_FILES.CHUNK_COUNT, chunkCount)
                .onConflict(INGESTED_FILES.SOURCE_ID, INGESTED_FILES.FILE_ID)
                .doUpdate()
                .set(INGESTED_FILES.CONTENT_HASH, contentHash)
                .set(INGESTED_FILES.CHUNK_COUNT, chunkCount)
                .set(INGESTED_FILES.INGESTED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    @Override
    public Map<String, IngestedFile> ingested(SourceId source, Collection<String> fileIds) {
        Map<String, IngestedFile> found = new LinkedHashMap<>();
        List<String> ids = List.copyOf(fileIds);
        for (int from = 0; from < ids.size(); from += BATCH) {
            dsl.selectFrom(INGESTED_FILES)
                    .where(INGESTED_FILES.SOURCE_ID.eq(source.value()))
                    .and(INGESTED_FILES.FILE_ID.in(ids.subList(from, Math.min(ids.size(), from + BATCH))))
                    .forEach(r -> found.put(r.getFileId(), new IngestedFile(r.getContentHash(), r.getChunkCount())));
        }
        return found;
    }

    @Override
    public void markSeen(SourceId source, Collection<String> fileIds, IngestionTaskId task) {
        List<String> ids = List.copyOf(fileIds);
        for (int from = 0; from < ids.size(); from += BATCH) {
            dsl.update(INGESTED_FILES)
                    .set(INGESTED_FILES.SEEN_BY_TASK, task.value())
                    .where(INGESTED_FILES.SOURCE_ID.eq(source.value()))
                    .and(INGESTED_FILES.FILE_ID.in(ids.subList(from, Math.min(ids.size(), from + BATCH))))
                    .execute();
        }
    }

    @Override
    public List<String> filesNotSeen(SourceId source, IngestionTaskId task, int limit) {
        var files = DSL.selectDistinct(CHUNKS.FILE_ID.as("file_id"))
                .from(CHUNKS)
                .where(CHUNKS.SOURCE_ID.eq(source.value()))
                .union(DSL.select(INGESTED_FILES.FILE_ID)
                        .from(INGESTED_FILES)
                        .where(INGESTED_FILES.SOURCE_ID.eq(source.value())))
                .asTable("f");
        var fileId = files.field("file_id", String.class);
        return dsl.select(fileId)
                .from(files)
                .whereNotExists(DSL.selectOne()
                        .from(INGESTED_FILES)
                        .where(INGESTED_FILES.SOURCE_ID.eq(source.value()))
                        .and(INGESTED_FILES.FILE_ID.eq(fileId))
                        .and(INGESTED_FILES.SEEN_BY_TASK.eq(task.value())))
                .orderBy(fileId)
                .limit(limit)
                .fetch(fileId);
    }

    @Override
    public DocumentPage documents(SourceId source, int first, Optional<String> after) {
        var name = DSL.min(CHUNKS.DOCUMENT_NAME).as("name");
        var count = DSL.count().as("chunk_count");
        var updated = DSL.max(CHUNKS.PROCESSED_AT).as("updated_at");
        var query = dsl.select(CHUNKS.FILE_ID, name, count, updated)
                .from(CHUNKS)
                .where(CHUNKS.SOURCE_ID.eq(source.value()))
                .groupBy(CHUNKS.FILE_ID);
        var having = after.map(PageCursors::document)
                .map(c -> DSL.row(DSL.min(CHUNKS.DOCUMENT_NAME), CHUNKS.FILE_ID).gt(c.name(), c.id()))
                .orElse(DSL.noCondition());
        var rows = query.having(having)
                .orderBy(DSL.min(CHUNKS.DOCUMENT_NAME), CHUNKS.FILE_ID)
                .limit(first + 1)
                .fetch();
        List<DocumentPage.Entry> entries = new java.util.ArrayList<>();
        for (var r : rows.subList(0, Math.min(first, rows.size()))) {
            DocumentPage.Document document = new DocumentPage.Document(
                    r.get(CHUNKS.FILE_ID),
                    r.get(name),
                    r.get(count),
                    r.get(updated).toInstant());
            entries.add(new DocumentPage.Entry(PageCursors.document(document.name(), document.id()), document));
        }
        return new DocumentPage(entries, rows.size() > first);
    }

    @Override
    public Optional<SourceId> sourceOfDocument(String documentId) {
        return dsl.select(CHUNKS.SOURCE_ID)
                .from(CHUNKS)
                .where(CHUNKS.FILE_ID.eq(documentId))
                .limit(1)
                .fetchOptional(CHUNKS.SOURCE_ID)
                .map(SourceId::new);
    }

    @Override
    public ChunkPage chunks(SourceId source, String documentId, int first, Optional<String> after) {
        int from = after.map(PageCursors::chunk).orElse(-1);
        List<StoredChunk> rows = dsl.selectFrom(CHUNKS)
                .where(CHUNKS.SOURCE_ID.eq(source.value()))
                .and(CHUNKS.FILE_ID.eq(documentId))
                .and(CHUNKS.CHUNK_INDEX.gt(from))
                .orderBy(CHUNKS.CHUNK_INDEX)
                .limit(first + 1)
                .fetch(JooqChunkRepository::toChunk);
        List<ChunkPage.Entry> entries = rows.subList(0, Math.min(first, rows.size())).stream()
                .map(c -> new ChunkPage.Entry(PageCursors.chunk(c.index()), c))
                .toList();
        return new ChunkPage(entries, rows.size() > first);
    }

    @Override
    public List<StoredChunk> chunks(SourceId source) {
        return dsl.selectFrom(CHUNKS)
                .where(CHUNKS.SOURCE_ID.eq(source.value()))
                .orderBy(CHUNKS.FILE_ID, CHUNKS.CHUNK_INDEX)
                .fetch(JooqChunkRepository::toChunk);
    }

    @Override
    public long count(SourceId source) {
        return dsl.fetchCount(CHUNKS, CHUNKS.SOURCE_ID.eq(source.value()));
    }

    @Override
    public void deleteSource(SourceId source) {
        dsl.transaction(tx -> {
            tx.dsl()
                    .deleteFrom(CHUNKS)
                    .where(CHUNKS.SOURCE_ID.eq(source.value()))
                    .execute();
            tx.dsl()
                    .deleteFrom(INGESTED_FILES)
                    .where(INGESTED_FILES.SOURCE_ID.eq(source.value()))
                    .execute();
        });
    }

    private static StoredChunk toChunk(ChunksRecord r) {
        return new StoredChunk(
                new SourceId(r.getSourceId()),
                r.getChunkId(),
                r.getFileId(),
                r.getChunkIndex(),
                r.getDocumentName(),
                JsonColumns.read(r.getPageNumbers(), new TypeReference<List<Integer>>() {}),
                r.getContent(),
                JsonColumns.read(r.getMetadata(), new TypeReference<Map<String, Object>>() {}),
                r.getContentHash());
    }
}
