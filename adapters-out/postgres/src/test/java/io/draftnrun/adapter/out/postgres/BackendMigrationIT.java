package io.draftnrun.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.organization.RefreshToken;
import io.draftnrun.application.organization.UserAccount;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.organization.UserId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A backend database written before V9 (issue 18) upgrades in place: graphs keep their nodes, parameters,
 * relationships and edges once node ids are keyed per graph version (V9_1), refresh tokens get a family of their own,
 * and accounts keep working with their first session epoch.
 */
class BackendMigrationIT {

    @Test
    void graphsTokensAndAccountsWrittenBeforeV9ReadBackAfterIt() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                PostgresDatabase db = new PostgresDatabase(
                        "backend",
                        PostgresUrl.parse(
                                "ADA_DB_URL", "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/postgres"),
                        2)) {
            Flyway.configure()
                    .dataSource(pg.getPostgresDatabase())
                    .locations("classpath:db/backend")
                    .target("6")
                    .load()
                    .migrate();
            UUID component = UUID.randomUUID();
            UUID project = UUID.randomUUID();
            UUID graph = UUID.randomUUID();
            UUID parent = UUID.randomUUID();
            UUID child = UUID.randomUUID();
            UUID edge = UUID.randomUUID();
            UUID user = UUID.randomUUID();
            var sql = db.dsl();
            sql.execute(
                    "INSERT INTO components (id, name, description, is_agent, function_callable,"
                            + " can_use_function_calling, is_protected, release_stage, parameters)"
                            + " VALUES (?, 'Old component', '', false, false, false, false, 'public', '[]'::jsonb)",
                    component);
            sql.execute(
                    "INSERT INTO projects (id, organization_id, name, description) VALUES (?, ?, 'Old', '')",
                    project,
                    UUID.randomUUID());
            sql.execute(
                    "INSERT INTO graph_versions (id, project_id, binding, revision) VALUES (?, ?, 'DRAFT', 3)",
                    graph,
                    project);
            for (Object[] node : new Object[][] {{parent, 0, "parent", true}, {child, 1, "child", false}}) {
                sql.execute(
                        "INSERT INTO component_instances (id, graph_version_id, position, component_id,"
                                + " component_name, name, ref, is_start_node)"
                                + " VALUES (?, ?, ?, ?, 'Old component', ?, '', ?)",
                        node[0],
                        graph,
                        node[1],
                        component,
                        node[2],
                        node[3]);
            }
            sql.execute(
                    "INSERT INTO parameter_values (instance_id, name, seq, item_order, value, secret_key)"
                            + " VALUES (?, 'prompt', 0, NULL, '\"hello\"'::jsonb, NULL),"
                            + " (?, 'api_key', 1, NULL, NULL, 'openai_api_key')",
                    parent,
                    parent);
            sql.execute(
                    "INSERT INTO sub_component_relationships (graph_version_id, parent_id, child_id, slot, item_order,"
                            + " position) VALUES (?, ?, ?, 'tools', 0, 0)",
                    graph,
                    parent,
                    child);
            sql.execute(
                    "INSERT INTO graph_edges (id, graph_version_id, source_id, target_id, edge_order, position)"
                            + " VALUES (?, ?, ?, ?, 0, 0)",
                    edge,
                    graph,
                    parent,
                    child);
            sql.execute("INSERT INTO users (id, email, password_hash) VALUES (?, 'old@example.com', '$2a$old')", user);
            sql.execute(
                    "INSERT INTO refresh_tokens (token_hash, user_id, expires_at)"
                            + " VALUES (repeat('a', 64), ?, now() + interval '1 day')",
                    user);

            assertThat(db.migrate()).isGreaterThanOrEqualTo(2);

            GraphVersion read = new JooqProjectRepository(db.dsl())
                    .graph(new GraphVersionId(graph))
                    .orElseThrow();
            assertThat(read.revision()).isEqualTo(3);
            assertThat(read.nodes()).extracting(n -> n.id().value()).containsExactly(parent, child);
            assertThat(read.nodes().getFirst().parameters())
                    .isEqualTo(Map.of(
                            "prompt",
                            ParameterValue.literal("hello"),
                            "api_key",
                            ParameterValue.secret("openai_api_key")));
            assertThat(read.relationships()).singleElement().satisfies(r -> {
                assertThat(r.parent().value()).isEqualTo(parent);
                assertThat(r.child().value()).isEqualTo(child);
            });
            assertThat(read.edges())
                    .singleElement()
                    .satisfies(e -> assertThat(e.id().value()).isEqualTo(edge));

            UserAccount account =
                    new JooqUserRepository(db.dsl()).findById(new UserId(user)).orElseThrow();
            assertThat(account.sessionEpoch()).isZero();
            assertThat(account.passwordChangeRequired()).isFalse();
            assertThat(account.deleted()).isFalse();
            assertThat(new JooqRefreshTokenRepository(db.dsl()).consume("a".repeat(64), Instant.now()))
                    .map(RefreshToken::family)
                    .isPresent();
        }
    }
}
