package io.draftnrun.application.component;

import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.organization.OrganizationId;
import java.util.Optional;
import java.util.Set;

/**
 * Which organizations may use which release stages (ADR 0016). Stages restrict only what configuration restricts:
 * public and beta components are for everyone; early-access components are for everyone until
 * {@code EARLY_ACCESS_ORGANIZATION_IDS} or {@code INTERNAL_ORGANIZATION_IDS} names organizations, then for those only;
 * internal components are for everyone until {@code INTERNAL_ORGANIZATION_IDS} names organizations, then for those
 * only. A fresh install, configuring neither, offers every component it can run. The same rule filters the catalog,
 * refuses a save and fails a run.
 */
public record ReleaseStagePolicy(Set<OrganizationId> earlyAccess, Set<OrganizationId> internal) {
    public ReleaseStagePolicy {
        earlyAccess = Set.copyOf(earlyAccess);
        internal = Set.copyOf(internal);
    }

    /** Nothing configured: every stage for every organization. */
    public static ReleaseStagePolicy unrestricted() {
        return new ReleaseStagePolicy(Set.of(), Set.of());
    }

    public boolean offers(ReleaseStage stage, OrganizationId organization) {
        return refusal(stage, organization).isEmpty();
    }

    /** Why the organization may not use a component of this stage; empty when it may. */
    public Optional<String> refusal(ReleaseStage stage, OrganizationId organization) {
        boolean allowed = switch (stage) {
            case PUBLIC, BETA -> true;
            case EARLY_ACCESS ->
                (earlyAccess.isEmpty() && internal.isEmpty())
                        || earlyAccess.contains(organization)
                        || internal.contains(organization);
            case INTERNAL -> internal.isEmpty() || internal.contains(organization);
        };
        return allowed
                ? Optional.empty()
                : Optional.of("its release stage is " + stage.wireName() + " and this server offers it to the "
                        + (stage == ReleaseStage.INTERNAL ? "internal" : "early-access")
                        + " organizations it lists only");
    }
}
