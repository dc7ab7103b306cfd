package io.draftnrun.application.components.rag.port;

import io.draftnrun.application.components.rag.SourceIndex;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.UUID;

/** Finds how a knowledge source of an organization is indexed; empty when the organization has no such source. */
public interface KnowledgeSources {
    Optional<SourceIndex> find(OrganizationId organization, UUID sourceId);
}
