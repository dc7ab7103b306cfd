package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.postgres.JooqComponentCatalogStore;
import io.draftnrun.adapter.out.postgres.JooqProjectRepository;
import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.organization.EnsureFirstAdmin;
import io.draftnrun.application.project.SeedDemoData;
import io.draftnrun.application.project.SeedTemplates;
import io.draftnrun.application.project.port.OrganizationDirectory;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code seed}: writes reference data (component catalog, demo organization, starter templates). Safe to run again.
 */
final class Seeding {
    private static final Logger LOG = LoggerFactory.getLogger(Seeding.class);
    static final String DEFAULT_ADMIN = "admin@draftnrun.local";

    private Seeding() {}

    static void seed(Configuration.Projects settings, Infrastructure infrastructure) {
        ComponentCatalog catalog =
                ProjectWiring.catalog(settings, io.draftnrun.application.components.BuiltInComponents.definitions());
        new JooqComponentCatalogStore(infrastructure.backend().dsl()).upsertAll(catalog.all());
        LOG.info("seeding: {} component(s) written", catalog.all().size());
        OrganizationDirectory organizations = new io.draftnrun.adapter.out.postgres.JooqOrganizationDirectory(
                infrastructure.backend().dsl());
        boolean created = new SeedDemoData(
                        organizations,
                        new JooqProjectRepository(infrastructure.backend().dsl()),
                        Clock.systemUTC())
                .run();
        LOG.info("seeding: demo project {}", created ? "created" : "already present");
        starterTemplates(settings, infrastructure);
    }

    /**
     * When {@code TEMPLATE_ORGANIZATION_ID} is not configured: the default template organization with starter templates,
     * the first time only (a fresh install then offers templates; see {@link SeedTemplates}).
     */
    static void starterTemplates(Configuration.Projects settings, Infrastructure infrastructure) {
        if (settings.templatesConfigured()) {
            return; // the operator's organization: its deployed projects are the templates
        }
        boolean created = new SeedTemplates(
                        new io.draftnrun.adapter.out.postgres.JooqOrganizationDirectory(
                                infrastructure.backend().dsl()),
                        new JooqProjectRepository(infrastructure.backend().dsl()),
                        Clock.systemUTC())
                .run(settings.templates().templateOrganization());
        if (created) {
            LOG.info("seeding: starter templates created (the templates query lists them)");
        }
    }

    /**
     * At startup of {@code serve} and {@code dev}: the first platform super-admin, a local account
     * {@code ADMIN_USERNAME} (default {@value #DEFAULT_ADMIN}) with {@code ADMIN_PASSWORD}. When no password is
     * configured one is generated and printed once on the console (never logged); it is stored only hashed.
     */
    static void ensureFirstAdmin(Configuration.Identity settings, EnsureFirstAdmin ensureFirstAdmin) {
        String email = settings.adminUsername();
        EnsureFirstAdmin.Outcome outcome;
        try {
            outcome = ensureFirstAdmin.handle(new EnsureFirstAdmin.Command(email, settings.adminPassword()));
        } catch (io.draftnrun.domain.shared.DomainException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!outcome.created()) {
            return;
        }
        LOG.info("created the first super-admin account {}", outcome.email());
        Optional<String> generated = outcome.generatedPassword();
        if (generated.isPresent()) {
            System.out.println();
            System.out.println("  First super-admin: " + outcome.email());
            System.out.println("  Generated password (shown once, stored hashed): " + generated.get());
            System.out.println("  Sign in with the GraphQL mutation login(email, password).");
            System.out.println();
            System.out.flush();
        }
    }
}
