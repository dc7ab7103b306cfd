package io.draftnrun.application.component.port;

import io.draftnrun.domain.component.ComponentDefinition;
import java.util.Collection;

/** Persists the catalog (for referential integrity of instances and for admin views). */
public interface ComponentCatalogStore {
    /** Inserts or updates every definition by id; running it again with the same catalog changes nothing. */
    void upsertAll(Collection<ComponentDefinition> definitions);
}
