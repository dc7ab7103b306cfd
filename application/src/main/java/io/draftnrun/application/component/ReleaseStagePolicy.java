package io.draftnrun.application.component;

import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Set;

/**
 * Which organizations see which release stages: public and beta components are offered to all, early-access ones to
 * the configured early-access organizations, internal ones to the configured internal organizations (which also see
 * early access).
 */
public record ReleaseStagePolicy(Set<OrganizationId> earlyAccess, Set<OrganizationId> internal) {
    public ReleaseStagePolicy {
        earlyAccess = Set.copyOf(earlyAccess);
        internal = Set.copyOf(internal);
    }

    public static ReleaseStagePolicy generalAvailabilityOnly() {
        return new ReleaseStagePolicy(Set.of(), Set.of());
    }

    public boolean offers(ReleaseStage stage, OrganizationId organization) {
        return switch (stage) {
            case PUBLIC, BETA -> true;
            case EARLY_ACCESS -> earlyAccess.contains(organization) || internal.contains(organization);
            case INTERNAL -> internal.contains(organization);
        };
    }
}
