package io.draftnrun.application.project.port;

import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a saved graph may refer to outside itself, looked up when it is saved: the models of the server with their
 * capabilities (built-in and {@code custom_models.json}), and an organization's secret names and knowledge sources.
 */
public interface GraphResources {
    /** The model's capabilities, empty when the server knows no such model. */
    Optional<Set<ModelCapability>> modelCapabilities(ModelReference model);

    /** The names of the organization's secrets (never their values). */
    Set<String> secretNames(OrganizationId organization);

    /** Whether the organization has a knowledge source of that id. */
    boolean sourceExists(OrganizationId organization, UUID source);
}
