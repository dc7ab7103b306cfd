package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** In-process {@link IngestionUpdates}: listeners are called synchronously on the publishing thread. */
public final class InMemoryIngestionUpdates implements IngestionUpdates {
    private final Map<OrganizationId, List<Consumer<IngestionTaskId>>> listeners = new ConcurrentHashMap<>();

    @Override
    public void publish(OrganizationId organization, IngestionTaskId task) {
        listeners.getOrDefault(organization, List.of()).forEach(l -> l.accept(task));
    }

    @Override
    public Subscription subscribe(OrganizationId organization, Consumer<IngestionTaskId> listener) {
        listeners
                .computeIfAbsent(organization, o -> new CopyOnWriteArrayList<>())
                .add(listener);
        return () -> listeners.getOrDefault(organization, List.of()).remove(listener);
    }
}
