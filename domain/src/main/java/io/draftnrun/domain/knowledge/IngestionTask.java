package io.draftnrun.domain.knowledge;

import io.draftnrun.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ingestion of a source: the files it reads, its status, its progress (files finished of all files, chunks
 * embedded of the chunks known so far), the result of each finished file and, for a DATABASE source, what happened to
 * the table's rows. Immutable: transitions return a copy.
 */
public record IngestionTask(
        IngestionTaskId id,
        OrganizationId organizationId,
        SourceId sourceId,
        String sourceName,
        TaskStatus status,
        List<TaskFile> files,
        List<FileResult> results,
        int chunksTotal,
        int chunksDone,
        Optional<String> error,
        Instant createdAt,
        Instant updatedAt,
        Optional<RowCounts> rows) {

    public IngestionTask {
        rows = rows == null ? Optional.empty() : rows;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(status, "status");
        files = List.copyOf(files);
        results = List.copyOf(results);
        error = error == null ? Optional.empty() : error;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (chunksDone < 0 || chunksTotal < 0 || chunksDone > chunksTotal) {
            throw new IllegalArgumentException("chunk progress " + chunksDone + "/" + chunksTotal + " is impossible");
        }
    }

    public static IngestionTask pending(
            IngestionTaskId id,
            OrganizationId org,
            SourceId source,
            String sourceName,
            List<TaskFile> files,
            Instant now) {
        return new IngestionTask(
                id,
                org,
                source,
                sourceName,
                TaskStatus.PENDING,
                files,
                List.of(),
                0,
                0,
                Optional.empty(),
                now,
                now,
                Optional.empty());
    }

    public int filesTotal() {
        return files.size();
    }

    public int filesDone() {
        return results.size();
    }

    public Optional<FileResult> resultOf(String fileId) {
        return results.stream().filter(r -> r.fileId().equals(fileId)).findFirst();
    }

    /** In progress, with {@code chunksTotal} chunks to embed of which {@code chunksDone} are already in. */
    public IngestionTask started(int chunksTotal, int chunksDone, Instant now) {
        return new IngestionTask(
                id,
                organizationId,
                sourceId,
                sourceName,
                TaskStatus.IN_PROGRESS,
                files,
                results,
                chunksTotal,
                chunksDone,
                Optional.empty(),
                createdAt,
                now,
                rows);
    }

    public IngestionTask progressed(int moreChunks, Instant now) {
        return new IngestionTask(
                id,
                organizationId,
                sourceId,
                sourceName,
                status,
                files,
                results,
                chunksTotal,
                Math.min(chunksTotal, chunksDone + moreChunks),
                error,
                createdAt,
                now,
                rows);
    }

    /** Records a file's result (replacing an earlier one for the same file). */
    public IngestionTask withResult(FileResult result, Instant now) {
        List<FileResult> updated = new ArrayList<>(results);
        updated.removeIf(r -> r.fileId().equals(result.fileId()));
        updated.add(result);
        return new IngestionTask(
                id,
                organizationId,
                sourceId,
                sourceName,
                status,
                files,
                updated,
                chunksTotal,
                chunksDone,
                error,
                createdAt,
                now,
                rows);
    }

    /** Completed when at least one file went through (or there were none); failed when every file failed. */
    public IngestionTask finished(Instant now) {
        boolean allFailed =
                !results.isEmpty() && results.stream().allMatch(r -> r.outcome() == FileResult.Outcome.FAILED);
        return allFailed
                ? failed("no file could be ingested", now)
                : new IngestionTask(
                        id,
                        organizationId,
                        sourceId,
                        sourceName,
                        TaskStatus.COMPLETED,
                        files,
                        results,
                        chunksTotal,
                        chunksTotal,
                        Optional.empty(),
                        createdAt,
                        now,
                        rows);
    }

    public IngestionTask failed(String reason, Instant now) {
        return new IngestionTask(
                id,
                organizationId,
                sourceId,
                sourceName,
                TaskStatus.FAILED,
                files,
                results,
                chunksTotal,
                chunksDone,
                Optional.of(reason),
                createdAt,
                now,
                rows);
    }

    /** With the row counts of a DATABASE ingestion so far. */
    public IngestionTask withRows(RowCounts counts, Instant now) {
        return new IngestionTask(
                id,
                organizationId,
                sourceId,
                sourceName,
                status,
                files,
                results,
                chunksTotal,
                chunksDone,
                error,
                createdAt,
                now,
                Optional.of(counts));
    }

    /** Touched without change (the sweeper re-queued it). */
    public IngestionTask touched(Instant now) {
        return new IngestionTask(
                id,
                organizationId,
                sourceId,
                sourceName,
                status,
                files,
                results,
                chunksTotal,
                chunksDone,
                error,
                createdAt,
                now,
                rows);
    }
}
