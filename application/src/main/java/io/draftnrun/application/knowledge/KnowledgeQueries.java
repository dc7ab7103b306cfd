package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads of the knowledge slice (reader right): sources, their documents and chunks, ingestion tasks, live updates. */
public final class KnowledgeQueries {
    public static final int MAX_PAGE = 100;

    private final SourceRepository sources;
    private final IngestionTaskRepository tasks;
    private final IngestionUpdates updates;
    private final ChunkRepository chunks;

    public KnowledgeQueries(
            SourceRepository sources, IngestionTaskRepository tasks, IngestionUpdates updates, ChunkRepository chunks) {
        this.sources = sources;
        this.tasks = tasks;
        this.updates = updates;
        this.chunks = chunks;
    }

    /** A page of the documents of a source (reader right; NOT_FOUND for outsiders). */
    public DocumentPage documents(Actor actor, SourceId source, int first, Optional<String> after) {
        KnowledgeAccess.source(sources, actor, source, Right.READER);
        checkPageSize(first);
        return chunks.documents(source, first, after);
    }

    /**
     * A page of the chunks of a document (reader right on its source); NOT_FOUND, with the same message, for an
     * unknown document and for one of a source the caller cannot read.
     */
    public ChunkPage chunks(Actor actor, String documentId, int first, Optional<String> after) {
        DomainException notFound = DomainException.notFound("document " + documentId);
        SourceId source = chunks.sourceOfDocument(documentId).orElseThrow(() -> notFound);
        try {
            KnowledgeAccess.source(sources, actor, source, Right.READER);
        } catch (DomainException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? notFound : e;
        }
        checkPageSize(first);
        return chunks.chunks(source, documentId, first, after);
    }

    private static void checkPageSize(int first) {
        if (first < 1 || first > MAX_PAGE) {
            throw DomainException.validation("first must be between 1 and " + MAX_PAGE);
        }
    }

    public List<Source> sources(Actor actor, OrganizationId organization) {
        actor.require(organization, Right.READER);
        return sources.list(organization);
    }

    public IngestionTaskPage ingestionTasks(
            Actor actor, OrganizationId organization, int first, Optional<String> after) {
        actor.require(organization, Right.READER);
        if (first < 1 || first > MAX_PAGE) {
            throw DomainException.validation("first must be between 1 and " + MAX_PAGE);
        }
        return tasks.page(organization, first, after);
    }

    public IngestionTask ingestionTask(Actor actor, IngestionTaskId id) {
        IngestionTask task = tasks.find(id).orElseThrow(() -> DomainException.notFound("ingestion task " + id));
        KnowledgeAccess.require(actor, task.organizationId(), Right.READER, "ingestion task " + id);
        return task;
    }

    /**
     * Calls {@code listener} with each task of the organization as it changes (status, progress), until the returned
     * subscription is closed.
     */
    public IngestionUpdates.Subscription watch(
            Actor actor, OrganizationId organization, Consumer<IngestionTask> listener) {
        actor.require(organization, Right.READER);
        Deduplicator deduplicator = new Deduplicator();
        return updates.subscribe(
                organization,
                id -> tasks.find(id)
                        .filter(t -> t.organizationId().equals(organization))
                        .filter(deduplicator::changed)
                        .ifPresent(listener));
    }

    /** Tasks whose last emitted state a subscription remembers (the oldest are forgotten past this). */
    static final int REMEMBERED_TASKS = 1_000;

    /**
     * Lets a task through only when it differs from the last state emitted for it (its update time aside): two
     * announcements of one change, or a sweep that only touched the task, do not repeat an identical event.
     */
    static final class Deduplicator {
        private final Map<IngestionTaskId, IngestionTask> last = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IngestionTaskId, IngestionTask> eldest) {
                return size() > REMEMBERED_TASKS;
            }
        };

        synchronized boolean changed(IngestionTask task) {
            IngestionTask content = task.touched(Instant.EPOCH);
            return !content.equals(last.put(task.id(), content));
        }
    }
}
