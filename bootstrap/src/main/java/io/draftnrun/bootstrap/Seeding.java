package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.postgres.JooqComponentCatalogStore;
import io.draftnrun.adapter.out.postgres.JooqProjectRepository;
import io.draftnrun.application.component.ComponentCatalog;
import io.draftnrun.application.project.SeedDemoData;
import io.draftnrun.application.project.port.OrganizationDirectory;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code seed}: writes reference data (component catalog, demo organization). Safe to run again. */
final class Seeding {
    private static final Logger LOG = LoggerFactory.getLogger(Seeding.class);

    private Seeding() {}

    static void seed(Settings settings, Infrastructure infrastructure) {
        ComponentCatalog catalog = ProjectWiring.catalog(settings);
        new JooqComponentCatalogStore(infrastructure.backend.dsl()).upsertAll(catalog.all());
        LOG.info("seeding: {} component(s) written", catalog.all().size());
        // Until the organization slice provides its adapter, the demo organization is only logged.
        OrganizationDirectory organizations =
                (id, name) -> LOG.info("seeding: demo organization {} ({}) expected to exist", id, name);
        boolean created = new SeedDemoData(
                        organizations, new JooqProjectRepository(infrastructure.backend.dsl()), Clock.systemUTC())
                .run();
        LOG.info("seeding: demo project {}", created ? "created" : "already present");
    }
}
