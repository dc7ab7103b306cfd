package io.draftnrun.application.trace.port;

import io.draftnrun.domain.organization.OrganizationId;

/** Tokens an organization has consumed through the platform's own provider keys (spec 4.6). */
public interface UsageLedger {
    long platformTokens(OrganizationId organization);
}
