package io.draftnrun.application.knowledge;

import static io.draftnrun.application.knowledge.IngestionFailures.isTransient;
import static io.draftnrun.application.knowledge.IngestionFailures.reasonOf;

import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceType;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one ingestion task of a source to its end: the files of a files source ({@link FileIngestion}) or the rows of
 * a database source ({@link DatabaseIngestion}), both written by the same {@link DocumentWriter}. Everything is
 * idempotent: chunk ids are deterministic and every write is an upsert, so a task run again after a crash or a stop
 * ends with the same chunks, none lost and none duplicated. Only outages ({@code UNAVAILABLE}) leave the job for a
 * retry; any other error ends the task at once with its reason (ADR 0017).
 */
public final class ProcessIngestionTask {
    private static final System.Logger LOG = System.getLogger(ProcessIngestionTask.class.getName());

    private final SourceRepository sources;
    private final IngestionProgress progress;
    private final FileIngestion files;
    private final DatabaseIngestion databases;

    public ProcessIngestionTask(
            SourceRepository sources, IngestionProgress progress, FileIngestion files, DatabaseIngestion databases) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.files = Objects.requireNonNull(files, "files");
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    /**
     * Runs the task of {@code job} to its end (completed or failed) unless {@code stop} turns true, in which case it
     * throws {@link IngestionInterrupted} between two batches. A task already finished or gone is left alone. Throws
     * on an outage (the job is to be retried).
     */
    public void run(IngestionJob job, BooleanSupplier stop) {
        Optional<IngestionTask> found = progress.find(job.taskId());
        if (found.isEmpty() || found.get().status().finished()) {
            return;
        }
        IngestionTask task = found.get();
        Optional<Source> maybeSource = sources.find(task.sourceId());
        if (maybeSource.isEmpty()) {
            progress.save(task.failed("the source was deleted", progress.now()));
            return;
        }
        Source source = maybeSource.get();
        try {
            task = source.type() == SourceType.DATABASE
                    ? databases.ingest(source, task, stop)
                    : files.ingest(source, task, stop);
            progress.save(task.finished(progress.now()));
        } catch (IngestionInterrupted e) {
            throw e;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e; // a store is down: leave the job for a retry
            }
            // deterministic: running it again would fail the same way, so the task ends here with the reason
            LOG.log(System.Logger.Level.WARNING, "ingestion task {0} failed: {1}", task.id(), e.toString());
            IngestionTask latest = progress.find(task.id()).orElse(task);
            progress.save(latest.failed(reasonOf(e), progress.now()));
        }
    }

    /** Marks the task of a job failed (a job that kept failing). */
    public void fail(IngestionJob job, String reason) {
        progress.find(job.taskId())
                .filter(t -> !t.status().finished())
                .ifPresent(t -> progress.save(t.failed(reason, progress.now())));
    }

    /** Whether the task of {@code job} ended completed (for the worker's metrics). */
    public boolean completed(IngestionJob job) {
        return progress.find(job.taskId())
                .map(t -> t.status() == io.draftnrun.domain.knowledge.TaskStatus.COMPLETED)
                .orElse(false);
    }
}
