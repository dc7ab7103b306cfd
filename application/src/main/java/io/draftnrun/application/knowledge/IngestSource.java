package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionQueue;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Clock;
import java.util.Optional;

/**
 * Starts an ingestion of a database source (writer right): a pending task with no files is written and queued; the
 * worker reads the source's table (see {@link ProcessIngestionTask}). Run again, it upserts the rows (nothing is
 * duplicated) and, with sync enabled, removes the rows deleted from the table. Refused with {@code CONFLICT} while an
 * earlier ingestion of the same source is still pending or running among the organization's recent tasks.
 */
public final class IngestSource {
    /** How many of the organization's newest tasks are looked at for an unfinished ingestion of the source. */
    static final int RECENT_TASKS = 100;

    private final SourceRepository sources;
    private final IngestionTaskRepository tasks;
    private final IngestionQueue queue;
    private final IngestionUpdates updates;
    private final Clock clock;

    public IngestSource(
            SourceRepository sources,
            IngestionTaskRepository tasks,
            IngestionQueue queue,
            IngestionUpdates updates,
            Clock clock) {
        this.sources = sources;
        this.tasks = tasks;
        this.queue = queue;
        this.updates = updates;
        this.clock = clock;
    }

    public IngestionTask handle(Actor actor, SourceId id) {
        Source source = KnowledgeAccess.source(sources, actor, id, Right.WRITER);
        if (source.type() != SourceType.DATABASE) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "source '" + source.name() + "' holds files; upload files to ingest them");
        }
        tasks.page(source.organizationId(), RECENT_TASKS, Optional.empty()).entries().stream()
                .map(IngestionTaskPage.Entry::task)
                .filter(t -> t.sourceId().equals(source.id()) && !t.status().finished())
                .findFirst()
                .ifPresent(running -> {
                    throw new DomainException(
                            ErrorCode.CONFLICT,
                            "an ingestion of source '" + source.name() + "' is already "
                                    + running.status()
                                            .name()
                                            .toLowerCase(java.util.Locale.ROOT)
                                            .replace('_', ' ') + " (task " + running.id() + ")");
                });
        IngestionTask task = IngestionTask.pending(
                IngestionTaskId.random(),
                source.organizationId(),
                source.id(),
                source.name(),
                java.util.List.of(),
                clock.instant());
        return UploadFiles.start(task, tasks, queue, updates);
    }
}
