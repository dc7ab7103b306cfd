package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.bootstrap.e2e.SharedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code make db-seed}: the catalog and the demo organization with its project, and a second run changes nothing. */
class SeedingIT {
    @Test
    void seedingWritesTheCatalogAndTheDemoDataAndCanRunAgain() throws Exception {
        try (Commands.Running running = SharedServer.startDedicated(Map.of())) {
            Infrastructure infrastructure = running.infrastructure();
            Configuration.Projects settings =
                    Configuration.parse(new Settings(Map.of(), Map.of())).projects();
            Seeding.seed(settings, infrastructure);
            long[] first = counts(infrastructure);
            Seeding.seed(settings, infrastructure);
            long[] second = counts(infrastructure);
            assertThat(first[0]).as("components").isEqualTo(BuiltInCount.COMPONENTS);
            assertThat(first[1]).as("demo organizations").isEqualTo(1);
            assertThat(first[2]).as("demo projects").isEqualTo(1);
            assertThat(second).as("a second seed changes nothing").containsExactly(first);
        }
    }

    private static long[] counts(Infrastructure infrastructure) throws Exception {
        try (Connection c = infrastructure.backend().dataSource().getConnection();
                Statement s = c.createStatement()) {
            return new long[] {
                count(s, "SELECT count(*) FROM components"),
                count(s, "SELECT count(*) FROM organizations WHERE name ILIKE '%demo%'"),
                count(
                        s,
                        "SELECT count(*) FROM projects p JOIN organizations o ON o.id = p.organization_id"
                                + " WHERE o.name ILIKE '%demo%'")
            };
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many built-in components the catalog holds. */
    static final class BuiltInCount {
        static final long COMPONENTS = io.draftnrun.application.components.BuiltInComponents.definitions()
                .size();
    }
}
