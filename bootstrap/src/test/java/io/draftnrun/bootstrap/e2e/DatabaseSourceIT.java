package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.bootstrap.Commands;
import io.draftnrun.bootstrap.KnowledgeWiring;
import io.draftnrun.domain.llm.ModelReference;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database source end to end on the shared server: the JDBC URL of a customer's PostgreSQL (started by the test)
 * goes into an organization secret, a DATABASE source names it, {@code ingestSource} reads the table, the task
 * completes over {@code ingestionTask}, and a retrieval with the real MiniLM embeddings finds a row's text with its
 * metadata. A second ingestion with sync refreshes a changed row and removes a deleted one; a missing table fails the
 * task naming it.
 */
class DatabaseSourceIT {
    private static EmbeddedPostgres customer;
    private static Connection admin;
    private static Commands.Running server;

    @BeforeAll
    static void startCustomerDatabase() throws Exception {
        customer = EmbeddedPostgres.start();
        admin = DriverManager.getConnection(customer.getJdbcUrl("postgres", "postgres"));
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE tickets (id integer PRIMARY KEY, title text NOT NULL, body text, team text,"
                    + " updated timestamptz NOT NULL DEFAULT now())");
            s.execute("INSERT INTO tickets (id, title, body, team) SELECT g, 'Routine ticket ' || g,"
                    + " 'Printer number ' || g || ' needs new toner cartridges.', 'it'"
                    + " FROM generate_series(1, 240) g");
            s.execute("INSERT INTO tickets (id, title, body, team) VALUES"
                    + " (241, 'Espresso machine', 'The espresso machine on the third floor leaks water onto the"
                    + " carpet every morning.', 'facilities'),"
                    + " (242, 'Parking gate', 'The parking gate badge reader rejects every visitor badge.',"
                    + " 'security')");
            // a DATABASE source must read with a read-only account: a superuser is refused at connect (ADR 0008)
            s.execute("CREATE ROLE ticket_reader LOGIN PASSWORD 'T1cket-Reader'");
            s.execute("GRANT SELECT ON tickets TO ticket_reader");
        }
        // the customer database listens on loopback, which a source may reach only when SQL_ALLOWED_HOSTS says so
        server = SharedServer.startDedicated(Map.of("SQL_ALLOWED_HOSTS", "localhost,127.0.0.1"));
    }

    @AfterAll
    static void stopCustomerDatabase() throws Exception {
        server.close();
        admin.close();
        customer.close();
    }

    @Test
    void aDatabaseTableIsIngestedFoundByRetrievalAndKeptInSync() throws Exception {
        GraphQlClient user = Users.newUser(new GraphQlClient(server.server().baseUrl()), "dbsource");
        String org = Flows.createOrganization(user, "Helpdesk");
        String url = customer.getJdbcUrl("ticket_reader", "postgres") + "&password=T1cket-Reader";
        user.data(
                "mutation($o:ID!, $v:String!){ setOrganizationSecret(organizationId:$o, key:\"helpdesk_db\","
                        + " value:$v, type:PASSWORD){ key } }",
                Map.of("o", org, "v", url));
        JsonNode source = createSource(user, org, "Tickets", "tickets");
        assertThat(source.get("database").get("syncEnabled").asBoolean()).isTrue();

        JsonNode done = ingest(user, source.get("id").asText());
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("chunksDone").asInt())
                .isEqualTo(done.get("chunksTotal").asInt())
                .isEqualTo(242);

        KnowledgeWiring knowledge = server.server().knowledge();
        String collection = source.get("collection").asText();
        assertThat(knowledge.vectorStore().count(collection)).isEqualTo(242);
        ScoredPoint espresso = search(knowledge, collection, "Which coffee machine is leaking water?");
        assertThat((String) espresso.payload().get("content"))
                .startsWith("title: Espresso machine\nbody: The espresso machine on the third floor leaks water");
        assertThat(espresso.payload())
                .containsEntry("document_name", "tickets id=241")
                .containsEntry("team", "facilities")
                .containsEntry("table_name", "tickets")
                .containsEntry("id", 241L);

        // the table changes; a second ingestion syncs it
        try (Statement s = admin.createStatement()) {
            s.execute("UPDATE tickets SET body = 'The espresso machine was replaced by a tea kettle.',"
                    + " updated = now() WHERE id = 241");
            s.execute("DELETE FROM tickets WHERE id = 242");
        }
        JsonNode synced = ingest(user, source.get("id").asText());
        assertThat(synced.get("status").asText()).as(synced.toString()).isEqualTo("COMPLETED");
        JsonNode rows = user.data(
                        "query($id:ID!){ ingestionTask(id:$id){ rows { inserted updated deleted unchanged } } }",
                        Map.of("id", synced.get("id").asText()))
                .get("ingestionTask")
                .get("rows");
        assertThat(rows.toString()).isEqualTo("{\"inserted\":0,\"updated\":1,\"deleted\":1,\"unchanged\":240}");
        assertThat(knowledge.vectorStore().count(collection)).isEqualTo(241);
        ScoredPoint kettle = search(knowledge, collection, "What replaced the espresso machine?");
        assertThat((String) kettle.payload().get("content")).contains("tea kettle");
        assertThat(search(knowledge, collection, "badge reader at the parking gate")
                        .payload()
                        .get("content"))
                .asString()
                .doesNotContain("badge reader");

        // a source on a table that does not exist: the task fails naming the table, never the URL
        JsonNode missing = createSource(user, org, "Missing", "no_such_table");
        JsonNode failed = ingest(user, missing.get("id").asText());
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText())
                .contains("no_such_table does not exist")
                .doesNotContain(url);
    }

    private static JsonNode createSource(GraphQlClient user, String org, String name, String table) {
        Map<String, Object> database = new HashMap<>();
        database.put("urlSecretKey", "helpdesk_db");
        database.put("table", table);
        database.put("idColumn", "id");
        database.put("textColumns", List.of("title", "body"));
        database.put("metadataColumns", List.of("team"));
        database.put("timestampColumn", "updated");
        database.put("syncEnabled", true);
        return user.data(
                        "mutation($in:CreateSourceInput!){ createSource(input:$in){ id collection"
                                + " database { table syncEnabled } } }",
                        Map.of(
                                "in",
                                Map.of("organizationId", org, "name", name, "type", "DATABASE", "database", database)))
                .get("createSource");
    }

    /** Starts an ingestion and waits until its task is finished. */
    private static JsonNode ingest(GraphQlClient user, String sourceId) {
        JsonNode task = user.data(
                        "mutation($s:ID!){ ingestSource(sourceId:$s){ id status filesTotal } }", Map.of("s", sourceId))
                .get("ingestSource");
        assertThat(task.get("status").asText()).isEqualTo("PENDING");
        assertThat(task.get("filesTotal").asInt()).isZero();
        return awaitTask(
                user,
                task.get("id").asText(),
                t -> List.of("COMPLETED", "FAILED").contains(t.get("status").asText()),
                Duration.ofSeconds(60));
    }

    static JsonNode awaitTask(GraphQlClient user, String taskId, Predicate<JsonNode> condition, Duration timeout) {
        return await("task " + taskId)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> task(user, taskId), condition);
    }

    /** The ingestion task as it stands now. */
    static JsonNode task(GraphQlClient user, String taskId) {
        return user.data(
                        "query($id:ID!){ ingestionTask(id:$id){ id status chunksDone chunksTotal error } }",
                        Map.of("id", taskId))
                .get("ingestionTask");
    }

    private static ScoredPoint search(KnowledgeWiring knowledge, String collection, String question) {
        float[] query = knowledge
                .embeddings()
                .embed(ModelReference.parse("local:all-minilm-l6-v2"), ProviderCredentials.none(), List.of(question))
                .getFirst();
        return knowledge
                .vectorStore()
                .search(collection, query, 1, VectorFilter.none())
                .getFirst();
    }
}
