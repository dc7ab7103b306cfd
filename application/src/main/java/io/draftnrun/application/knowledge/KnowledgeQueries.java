package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads of the knowledge slice (reader right): sources, ingestion tasks, and live task updates. */
public final class KnowledgeQueries {
    public static final int MAX_PAGE = 100;

    private final SourceRepository sources;
    private final IngestionTaskRepository tasks;
    private final IngestionUpdates updates;

    public KnowledgeQueries(SourceRepository sources, IngestionTaskRepository tasks, IngestionUpdates updates) {
        this.sources = sources;
        this.tasks = tasks;
        this.updates = updates;
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
        return updates.subscribe(
                organization,
                id -> tasks.find(id)
                        .filter(t -> t.organizationId().equals(organization))
                        .ifPresent(listener));
    }
}
