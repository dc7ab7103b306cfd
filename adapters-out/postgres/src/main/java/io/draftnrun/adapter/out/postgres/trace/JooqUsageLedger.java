package io.draftnrun.adapter.out.postgres.trace;

import static io.draftnrun.adapter.out.postgres.jooq.traces.Tables.ORGANIZATION_USAGE;

import io.draftnrun.application.trace.port.UsageLedger;
import io.draftnrun.domain.organization.OrganizationId;
import org.jooq.DSLContext;

/** Reads {@code organization_usage}: tokens consumed through the platform's keys. */
public final class JooqUsageLedger implements UsageLedger {
    private final DSLContext dsl;

    public JooqUsageLedger(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public long platformTokens(OrganizationId organization) {
        Long total = dsl.select(ORGANIZATION_USAGE.TOTAL_TOKENS)
                .from(ORGANIZATION_USAGE)
                .where(ORGANIZATION_USAGE.ORGANIZATION_ID.eq(organization.value()))
                .fetchOne(ORGANIZATION_USAGE.TOTAL_TOKENS);
        return total == null ? 0 : total;
    }
}
