package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionTaskRepository;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.TaskStatus;
import io.draftnrun.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class InMemoryIngestionTaskRepository implements IngestionTaskRepository {
    private final Map<IngestionTaskId, IngestionTask> tasks = new LinkedHashMap<>();

    @Override
    public synchronized void create(IngestionTask task) {
        tasks.put(task.id(), task);
    }

    @Override
    public synchronized Optional<IngestionTask> find(IngestionTaskId id) {
        return Optional.ofNullable(tasks.get(id));
    }

    @Override
    public synchronized void save(IngestionTask task) {
        if (tasks.containsKey(task.id())) {
            tasks.put(task.id(), task);
        }
    }

    @Override
    public synchronized IngestionTaskPage page(OrganizationId organization, int first, Optional<String> after) {
        List<IngestionTask> all = tasks.values().stream()
                .filter(t -> t.organizationId().equals(organization))
                .sorted(Comparator.comparing(IngestionTask::createdAt)
                        .thenComparing(t -> t.id().value())
                        .reversed())
                .toList();
        int start = after.map(c -> indexAfter(all, c)).orElse(0);
        List<IngestionTaskPage.Entry> entries = new ArrayList<>();
        for (int i = start; i < all.size() && entries.size() < first; i++) {
            entries.add(new IngestionTaskPage.Entry(all.get(i).id().toString(), all.get(i)));
        }
        return new IngestionTaskPage(entries, start + entries.size() < all.size());
    }

    private static int indexAfter(List<IngestionTask> all, String cursor) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().toString().equals(cursor)) {
                return i + 1;
            }
        }
        return all.size();
    }

    @Override
    public synchronized List<IngestionTask> pendingSince(Instant before, int limit) {
        return tasks.values().stream()
                .filter(t -> t.status() == TaskStatus.PENDING && t.updatedAt().isBefore(before))
                .limit(limit)
                .toList();
    }

    public synchronized List<IngestionTask> all() {
        return List.copyOf(tasks.values());
    }
}
