package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.components.sql.DatabaseQueryAgent;
import io.draftnrun.application.components.sql.RunSqlQueryTool;
import io.draftnrun.application.components.sql.SqlDbService;
import io.draftnrun.application.components.sql.SqlTool;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.llm.ScriptedChatModelProvider.Reply;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL components with the real read-only gateway on an embedded PostgreSQL shop, the model scripted. */
class SqlComponentsPostgresIT {
    private static EmbeddedPostgres postgres;
    private static Connection admin;
    private static JdbcExternalSqlGateway gateway;
    private static String url;

    private final ScriptedChatModelProvider chat = new ScriptedChatModelProvider();
    private final TestRunContexts runs = new TestRunContexts(chat);

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        url = postgres.getJdbcUrl("postgres", "shop");
        admin = DriverManager.getConnection(url);
        ShopSchema.create(admin, true);
        gateway = new JdbcExternalSqlGateway(PostgresJdbcExternalSqlGatewayIT.LOCAL, false);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        admin.close();
        postgres.close();
    }

    private static RunnableComponent database(Map<String, Object> parameters) {
        return new SqlDbService(gateway).create(spec("Shop DB", parameters, Map.of()));
    }

    private static ComponentSpec spec(
            String name, Map<String, Object> parameters, Map<String, List<RunnableComponent>> children) {
        return new ComponentSpec(
                NodeId.random(), name, ResolvedParameters.of(parameters), children, ToolDescription.empty(name));
    }

    private static RunnableComponent build(ComponentBehaviour behaviour, Map<String, Object> parameters) {
        return behaviour.create(spec(
                behaviour.name(),
                parameters,
                Map.of("db_service", List.of(database(Map.of("engine_url_secret", url))))));
    }

    private static Payload ask(String question) {
        return Payload.fromMap(Map.of("messages", List.of(Map.of("role", "user", "content", question))));
    }

    @Test
    void theDatabaseQueryAgentAnswersByRunningSql() {
        chat.enqueue(Reply.toolCalls(new ToolCall(
                "c1",
                "Run_SQL_Query_Tool",
                Json.write(Map.of(
                        "sql_query",
                        "SELECT c.name, sum(o.quantity) AS items FROM customers c JOIN orders o ON o.customer_id = c.id"
                                + " GROUP BY c.name ORDER BY items DESC LIMIT 1")))));
        chat.enqueueText("Grace Hopper ordered the most items (5).");

        Payload out = build(new DatabaseQueryAgent(runs.llm), Map.of("include_tables", "[\"customers\", \"orders\"]"))
                .run(List.of(ask("Who ordered the most items?")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("Grace Hopper ordered the most items (5).");
        String system = chat.requests().getFirst().messages().getFirst().text();
        assertThat(system)
                .contains("postgresql", "Table: customers", "Table: orders", "- customer_id -> customers.id")
                .contains("quantity (int4, not null)", "| Ada Lovelace |")
                .doesNotContain("Table: products");
        assertThat(chat.requests().getFirst().tools()).extracting(t -> t.name()).containsExactly("Run_SQL_Query_Tool");
        assertThat(chat.lastRequest().messages().getLast())
                .isEqualTo(ChatMessage.tool("c1", "| name | items |\n| --- | --- |\n| Grace Hopper | 5 |"));
    }

    @Test
    void theSqlToolReturnsTheTableAndArtifacts() {
        chat.enqueueText("```sql\nSELECT name, price FROM products ORDER BY price;\n```");

        Payload out = ((FunctionCallable) build(new SqlTool(runs.llm), Map.of()))
                .callAsTool(
                        Map.of("natural_language_query", "List products by price"), Payload.empty(), runs.context());

        String table = "| name | price |\n| --- | --- |\n| Mouse | 19.50 |\n| Keyboard | 49.90 |";
        assertThat(out.lastMessageText()).isEqualTo(table);
        assertThat(out.artifacts())
                .containsEntry("input_question", "List products by price")
                .containsEntry("sql_query", "SELECT name, price FROM products ORDER BY price")
                .containsEntry("sql_output", table);
        assertThat(chat.lastRequest().messages().getFirst().text())
                .contains("postgresql", "Table: products", "Question: List products by price");
    }

    @Test
    void writesAttemptedByTheModelAreRefusedAndTheTablesAreUnchanged() throws Exception {
        Map<String, Long> before = ShopSchema.counts(admin);
        List<String> writes = List.of(
                "INSERT INTO orders (customer_id, product_id, quantity) VALUES (2, 1, 9)",
                "UPDATE orders SET quantity = 0",
                "DELETE FROM orders",
                "DROP TABLE orders",
                "COPY orders TO '/tmp/draftnrun-orders.csv'",
                "SELECT 1; DELETE FROM orders",
                "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d");
        for (int i = 0; i < writes.size(); i++) {
            chat.enqueue(Reply.toolCalls(
                    new ToolCall("w" + i, "Run_SQL_Query_Tool", Json.write(Map.of("sql_query", writes.get(i))))));
        }
        chat.enqueueText("I cannot change the database.");

        Payload out = build(new DatabaseQueryAgent(runs.llm), Map.of("max_iterations", 10))
                .run(List.of(ask("Delete all orders")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("I cannot change the database.");
        List<ChatMessage> history = chat.lastRequest().messages();
        assertThat(history.stream().filter(m -> m.toolCallId().isPresent()).map(ChatMessage::text))
                .hasSize(writes.size())
                .allSatisfy(text -> assertThat(text).startsWith("Query refused: "));
        assertThat(ShopSchema.counts(admin)).isEqualTo(before);
        // the SQL Tool refuses the same way
        chat.enqueueText("DELETE FROM orders");
        Payload sqlTool = build(new SqlTool(runs.llm), Map.of()).run(List.of(ask("remove orders")), runs.context());
        assertThat(sqlTool.lastMessageText()).startsWith("Query refused: ");
        assertThat(ShopSchema.counts(admin)).isEqualTo(before);
    }

    @Test
    void aSlowQueryIsStoppedByTheServiceTimeout() {
        FunctionCallable tool = (FunctionCallable) RunSqlQueryToolFactory.build(url, 1);
        long started = System.nanoTime();

        Payload out = tool.callAsTool(
                Map.of("sql_query", "SELECT count(*) FROM generate_series(1, 100000000000) g"),
                Payload.empty(),
                runs.context());

        assertThat(out.lastMessageText()).startsWith("Query failed: ").contains("time limit");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(8_000);
    }

    private static final class RunSqlQueryToolFactory {
        static RunnableComponent build(String url, int timeoutSeconds) {
            return new RunSqlQueryTool()
                    .create(spec(
                            "Run SQL",
                            Map.of(),
                            Map.of(
                                    "db_service",
                                    List.of(database(
                                            Map.of("engine_url", url, "statement_timeout_seconds", timeoutSeconds))))));
        }
    }
}
