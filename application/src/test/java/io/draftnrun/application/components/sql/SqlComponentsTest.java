package io.draftnrun.application.components.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlComponentsTest {
    private final ScriptedChatModelProvider chat = new ScriptedChatModelProvider();
    private final ScriptedExternalSqlGateway gateway = new ScriptedExternalSqlGateway(new DatabaseDescription(
            "sqlite",
            List.of(new DatabaseDescription.Table(
                    "items",
                    List.of(new DatabaseDescription.Column("name", "text", false)),
                    List.of(),
                    Optional.empty()))));
    private final TestRunContexts runs = new TestRunContexts(chat);

    private static ComponentSpec spec(Map<String, Object> parameters, Map<String, List<RunnableComponent>> children) {
        return new ComponentSpec(
                NodeId.random(), "x", ResolvedParameters.of(parameters), children, ToolDescription.empty("x"));
    }

    private RunnableComponent db() {
        return new SqlDbService(gateway)
                .create(spec(Map.of("engine_url", "sqlite:///shop.db", "max_rows", 50), Map.of()));
    }

    @Test
    void runSqlQueryToolShowsRowsAndRefusalsAsToolOutput() {
        gateway.thenReturn(new SqlQueryOutcome.Rows(SqlQueryResult.complete(List.of("name"), List.of(List.of("pen")))));
        gateway.thenReturn(new SqlQueryOutcome.Refused("only a single read statement is allowed"));
        FunctionCallable tool =
                (FunctionCallable) new RunSqlQueryTool().create(spec(Map.of(), Map.of("db_service", List.of(db()))));

        Payload rows = tool.callAsTool(Map.of("sql_query", "SELECT name FROM items"), Payload.empty(), runs.context());
        Payload refused = tool.callAsTool(Map.of("sql_query", "DELETE FROM items"), Payload.empty(), runs.context());

        assertThat(rows.lastMessageText()).isEqualTo("| name |\n| --- |\n| pen |");
        assertThat(refused.lastMessageText()).isEqualTo("Query refused: only a single read statement is allowed");
        assertThat(gateway.queries()).containsExactly("SELECT name FROM items", "DELETE FROM items");
    }

    @Test
    void sqlToolCanSynthesizeAnAnswer() {
        gateway.thenReturn(new SqlQueryOutcome.Rows(SqlQueryResult.complete(List.of("n"), List.of(List.of(3L)))));
        chat.enqueueText("SELECT count(*) AS n FROM items");
        chat.enqueueText("There are 3 items.");
        FunctionCallable tool = (FunctionCallable)
                new SqlTool(runs.llm).create(spec(Map.of("synthesize", true), Map.of("db_service", List.of(db()))));

        Payload out =
                tool.callAsTool(Map.of("natural_language_query", "How many items?"), Payload.empty(), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("There are 3 items.");
        assertThat(out.artifacts()).containsEntry("sql_output", "| n |\n| --- |\n| 3 |");
        assertThat(chat.lastRequest().messages().getFirst().text())
                .contains("SQL query: SELECT count(*) AS n FROM items");
    }

    @Test
    void aServiceWithoutUrlOrAWrongSlotIsAValidationError() {
        assertThatThrownBy(() -> new SqlDbService(gateway).create(spec(Map.of(), Map.of())))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("engine_url");
        assertThatThrownBy(() -> new SqlTool(runs.llm).create(spec(Map.of(), Map.of())))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("db_service");
    }
}
