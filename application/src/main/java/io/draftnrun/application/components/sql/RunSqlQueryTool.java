package io.draftnrun.application.components.sql;

import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.ToolSpecs;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.trace.SpanKind;
import java.util.List;
import java.util.Map;

/**
 * Run SQL Query Tool (spec 3.8): runs the model's {@code sql_query} on the database of its {@code db_service} slot
 * and answers with the rows as a markdown table. Unlike the reference it never writes: a refused or failed query
 * comes back as tool output ("Query refused: ...") so the model can correct itself.
 */
public final class RunSqlQueryTool implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("667420c1-e2ca-446f-8e54-e0edd7e660bf");
    public static final String NAME = "RunSQLQueryTool";
    public static final String DB_SERVICE = "db_service";
    public static final String SQL_QUERY = "sql_query";

    /** The tool description of the reference ({@code Run_SQL_Query_Tool}). */
    public static final ToolDescription TOOL_DESCRIPTION = new ToolDescription(
            "Run_SQL_Query_Tool",
            "Runs one read-only SQL query on the database and returns the rows as a markdown table.",
            Map.of(SQL_QUERY, Map.of("type", "string", "description", "The SQL query to run")),
            List.of(SQL_QUERY));

    /** The {@code db_service} slot: one SQL DB Service. */
    public static ParameterDefinition dbServiceSlot(int order) {
        return ParameterDefinition.builder(DB_SERVICE, ParameterType.COMPONENT)
                .required()
                .order(order)
                .allowedChildren(List.of(SqlDbService.ID))
                .build();
    }

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Runs a read-only SQL query chosen by the model and returns the rows.")
            .functionCallable(true)
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(dbServiceSlot(0)))
            .defaultToolDescription(TOOL_DESCRIPTION)
            .build();

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        return new Instance(
                spec.instanceName().isBlank() ? "Run SQL Query Tool" : spec.instanceName(),
                SqlDbService.fromSlot(spec, DB_SERVICE),
                ToolSpecs.of(spec.toolDescription()));
    }

    /** The tool over a database, also built directly by the Database Query Agent. */
    public record Instance(String name, SqlDbService.SqlDatabase database, ToolSpec toolSpec)
            implements FunctionCallable {
        @Override
        public SpanKind spanKind() {
            return SpanKind.TOOL;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            return execute(inputs.isEmpty() ? "" : inputs.getLast().lastMessageText(), ctx);
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            Object sql = arguments.get(SQL_QUERY);
            return execute(sql == null ? "" : String.valueOf(sql), ctx);
        }

        private Payload execute(String sql, RunContext ctx) {
            if (sql.isBlank()) {
                return Payload.assistant("Query refused: no SQL query was given");
            }
            SqlQueryOutcome outcome = database.query(ctx, sql);
            String text = outcome.toToolText();
            return Payload.assistant(text).withArtifact("sql_query", sql).withArtifact("sql_output", text);
        }
    }
}
