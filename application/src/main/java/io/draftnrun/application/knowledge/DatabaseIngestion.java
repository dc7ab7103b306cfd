package io.draftnrun.application.knowledge;

import static io.draftnrun.application.knowledge.IngestionFailures.checkStop;
import static io.draftnrun.application.knowledge.PreparedDocument.sha256;

import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.SourceRowReader;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.RowCounts;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Ingests a database source: its table is read page by page in id order ({@link SourceRowReader}, URL from the
 * organization secret the source names); each row is a document ({@link RowDocuments}) handed to the
 * {@link DocumentWriter}, a row whose content hash is unchanged is skipped, and every row read is marked seen by the
 * task. With sync enabled, the rows of earlier ingestions not seen by this one (deleted from the table) then lose
 * their chunks and vectors. The task counts the rows inserted, updated, deleted and unchanged ({@link RowCounts}).
 * Progress counts chunks: the total starts at one per row and grows as long rows split.
 */
public final class DatabaseIngestion {
    private static final System.Logger LOG = System.getLogger(DatabaseIngestion.class.getName());

    /** Rows read from a database source per page. */
    static final int ROW_PAGE = 200;

    private final SourceRowReader rows;
    private final OrganizationSecretLookup secrets;
    private final ChunkRepository chunks;
    private final SourceChunkers chunkers;
    private final DocumentWriter writer;
    private final IngestionProgress progress;

    public DatabaseIngestion(
            SourceRowReader rows,
            OrganizationSecretLookup secrets,
            ChunkRepository chunks,
            SourceChunkers chunkers,
            DocumentWriter writer,
            IngestionProgress progress) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.chunks = Objects.requireNonNull(chunks, "chunks");
        this.chunkers = Objects.requireNonNull(chunkers, "chunkers");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Ingests the source's table; returns the task with its row counts. */
    IngestionTask ingest(Source source, IngestionTask task, BooleanSupplier stop) {
        DatabaseSourceSettings table = source.database().orElseThrow();
        String url = secrets.secret(source.organizationId(), table.urlSecretKey())
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "the organization secret '" + table.urlSecretKey() + "' holding the database URL of source '"
                                + source.name() + "' is not set"));
        long rowCount = rows.count(url, table);
        if (rowCount == 0 && !(table.syncEnabled() && chunks.count(source.id()) > 0)) {
            throw new DomainException(ErrorCode.FAILED_PRECONDITION, "the table " + table.table() + " has no rows");
        }
        RowCounts counts = RowCounts.NONE;
        task = progress.save(task.started(clampInt(rowCount), 0, progress.now()).withRows(counts, progress.now()));
        ProviderCredentials credentials = writer.credentials(source);
        int done = 0;
        long rowsRead = 0;
        Optional<Object> after = Optional.empty();
        while (true) {
            checkStop(stop);
            List<SourceRow> page = rows.page(url, table, after, ROW_PAGE);
            if (page.isEmpty()) {
                break;
            }
            rowsRead += page.size();
            List<String> ids = page.stream()
                    .map(row -> RowDocuments.documentId(source.id(), row.idText()))
                    .toList();
            Map<String, IngestedFile> before = chunks.ingested(source.id(), ids);
            List<PreparedDocument> changed = new ArrayList<>();
            int unchanged = 0;
            long inserted = 0;
            long updated = 0;
            long sameRows = 0;
            for (int i = 0; i < page.size(); i++) {
                IngestedFile earlier = before.get(ids.get(i));
                Object outcome = prepareRow(source, table, page.get(i), ids.get(i), earlier);
                if (outcome instanceof IngestedFile same) {
                    unchanged += same.chunkCount();
                    sameRows++;
                } else {
                    changed.add((PreparedDocument) outcome);
                    if (earlier == null) {
                        inserted++;
                    } else {
                        updated++;
                    }
                }
            }
            int pending = changed.stream().mapToInt(p -> p.chunks().size()).sum();
            done += unchanged;
            long total = (long) done + pending + Math.max(0, rowCount - rowsRead);
            task = progress.save(task.started(clampInt(total), done, progress.now()));
            task = writer.write(source, changed, credentials, task, stop);
            counts = counts.plus(new RowCounts(inserted, updated, 0, sameRows));
            task = progress.save(task.withRows(counts, progress.now()));
            done += pending;
            chunks.markSeen(source.id(), ids, task.id());
            after = Optional.of(page.getLast().id());
            if (page.size() < ROW_PAGE) {
                break;
            }
        }
        if (table.syncEnabled()) {
            long deleted = removeRowsNotSeen(source, task, stop);
            task = progress.save(task.withRows(counts.plus(new RowCounts(0, 0, deleted, 0)), progress.now()));
        }
        return task;
    }

    /** The stored record when the row is unchanged since it was last ingested, else its prepared document. */
    private Object prepareRow(
            Source source, DatabaseSourceSettings table, SourceRow row, String documentId, IngestedFile before) {
        String text = StorableText.clean(RowDocuments.text(table, row));
        Map<String, Object> metadata = StorableText.clean(RowDocuments.metadata(table, row));
        String hash = RowDocuments.contentHash(text, metadata);
        if (before != null && before.contentHash().equals(hash)) {
            return before;
        }
        if (text.isBlank()) {
            return new PreparedDocument(documentId, hash, List.of()); // nothing to embed; earlier chunks of the row go
        }
        String name = RowDocuments.documentName(table, row.idText());
        List<StoredChunk> stored = chunkers.of(source).chunk(documentId, name, text).stream()
                .map(c -> new StoredChunk(
                        source.id(),
                        c.id(),
                        documentId,
                        c.index(),
                        name,
                        c.pageNumbers(),
                        c.text(),
                        metadata,
                        sha256(c.text().getBytes(StandardCharsets.UTF_8))))
                .toList();
        return new PreparedDocument(documentId, hash, stored);
    }

    /** Sync: the rows of earlier ingestions this task did not see were deleted from the table; so go their chunks. */
    private long removeRowsNotSeen(Source source, IngestionTask task, BooleanSupplier stop) {
        long deleted = 0;
        while (true) {
            checkStop(stop);
            List<String> gone = chunks.filesNotSeen(source.id(), task.id(), ROW_PAGE);
            if (gone.isEmpty()) {
                return deleted;
            }
            deleted += gone.size();
            writer.remove(source, gone);
            LOG.log(
                    System.Logger.Level.INFO,
                    "source {0}: removed {1} rows deleted from table {2}",
                    source.id(),
                    gone.size(),
                    source.database().orElseThrow().table());
        }
    }

    private static int clampInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }
}
