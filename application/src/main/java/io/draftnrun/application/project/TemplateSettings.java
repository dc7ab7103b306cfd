package io.draftnrun.application.project;

import io.draftnrun.domain.organization.OrganizationId;
import java.util.Objects;

/** Which organization's deployed projects are templates (the reference's fixed organization by default). */
public record TemplateSettings(OrganizationId templateOrganization) {
    public static final OrganizationId REFERENCE_TEMPLATE_ORGANIZATION =
            OrganizationId.of("edb9fe43-7000-48c0-aa52-0f6dacf20454");

    public TemplateSettings {
        Objects.requireNonNull(templateOrganization, "template organization");
    }

    public static TemplateSettings reference() {
        return new TemplateSettings(REFERENCE_TEMPLATE_ORGANIZATION);
    }
}
