package io.draftnrun.application.llm.port;

import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;

/** Reads a decrypted organization secret by name (e.g. {@code openai_api_key}); empty when not set. */
@FunctionalInterface
public interface OrganizationSecretLookup {
    Optional<String> secret(OrganizationId organization, String name);
}
