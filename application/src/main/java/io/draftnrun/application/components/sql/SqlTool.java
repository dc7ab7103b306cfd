package io.draftnrun.application.components.sql;

import io.draftnrun.application.components.llm.LlmParameters;
import io.draftnrun.application.llm.ChatRequest;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.ToolSpecs;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.llm.ChatMessage;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Templates;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * SQL Tool (spec 3.7): a natural-language question becomes one SQL query written by the model from the schema, run
 * read-only, shown as a markdown table; optionally the model phrases an answer from it. Artifacts
 * {@code input_question}, {@code sql_query}, {@code sql_output}. A refused or failed query is the tool's output.
 */
public final class SqlTool implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("f7ddbfcb-6843-4ae9-a15b-40aa565b955b");
    public static final String NAME = "SQLTool";
    public static final String INCLUDE_TABLES = "include_tables";
    public static final String ADDITIONAL_DESCRIPTION = "additional_db_description";
    public static final String SCHEMA_NAME = "db_schema_name";
    public static final String SYNTHESIZE = "synthesize";
    public static final String QUESTION = "natural_language_query";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = definitionOf();

    private static ComponentDefinition definitionOf() {
        List<ParameterDefinition> parameters = new ArrayList<>();
        parameters.add(RunSqlQueryTool.dbServiceSlot(0));
        parameters.add(ParameterDefinition.builder(INCLUDE_TABLES, ParameterType.STRING)
                .order(1)
                .ui(UiComponent.TEXTFIELD, Map.of("label", "Tables to use", "placeholder", "customers, orders"))
                .build());
        parameters.add(ParameterDefinition.builder(ADDITIONAL_DESCRIPTION, ParameterType.STRING)
                .order(2)
                .ui(UiComponent.TEXTAREA, Map.of("label", "Additional database description"))
                .build());
        parameters.add(ParameterDefinition.builder(SYNTHESIZE, ParameterType.BOOLEAN)
                .defaultValue(false)
                .order(3)
                .ui(UiComponent.CHECKBOX, Map.of("label", "Answer in words"))
                .build());
        parameters.add(ParameterDefinition.builder(SCHEMA_NAME, ParameterType.STRING)
                .order(4)
                .ui(UiComponent.TEXTFIELD, Map.of("label", "Schema name"))
                .advanced()
                .build());
        parameters.addAll(LlmParameters.definitions(5));
        return ComponentDefinition.builder()
                .id(ID)
                .name(NAME)
                .description("Answers a question about a database with one SQL query written by a language model.")
                .functionCallable(true)
                .releaseStage(ReleaseStage.PUBLIC)
                .parameters(parameters)
                .defaultToolDescription(new ToolDescription(
                        "SQL_Tool",
                        "Answers a question about the database by writing and running one SQL query.",
                        Map.of(QUESTION, Map.of("type", "string", "description", "The question, in plain words")),
                        List.of(QUESTION)))
                .build();
    }

    private final LlmCalls llm;

    /** @param llm how model calls are made */
    public SqlTool(LlmCalls llm) {
        this.llm = Objects.requireNonNull(llm, "llm");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        return new Instance(
                llm,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                SqlDbService.fromSlot(spec, RunSqlQueryTool.DB_SERVICE),
                SqlPrompts.includeTables(p, INCLUDE_TABLES),
                p.string(ADDITIONAL_DESCRIPTION).orElse(""),
                p.string(SCHEMA_NAME),
                p.bool(SYNTHESIZE, false),
                LlmParameters.model(p),
                LlmParameters.temperature(p),
                LlmParameters.apiKey(p),
                ToolSpecs.of(spec.toolDescription()));
    }

    private record Instance(
            LlmCalls llm,
            String name,
            SqlDbService.SqlDatabase database,
            Set<String> includeTables,
            String additionalDescription,
            Optional<String> schemaName,
            boolean synthesize,
            ModelReference model,
            double temperature,
            Optional<String> apiKey,
            ToolSpec toolSpec)
            implements FunctionCallable {

        @Override
        public SpanKind spanKind() {
            return SpanKind.TOOL;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            return answer(inputs.isEmpty() ? "" : inputs.getLast().lastMessageText(), ctx);
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            Object question = arguments.get(QUESTION);
            return answer(question == null ? originalInput.lastMessageText() : String.valueOf(question), ctx);
        }

        private Payload answer(String question, RunContext ctx) {
            if (question.isBlank()) {
                throw DomainException.validation(name + " needs a question");
            }
            DatabaseDescription description = database.describe(ctx, schemaName, includeTables);
            String schema =
                    description.toMarkdown() + (additionalDescription.isBlank() ? "" : "\n\n" + additionalDescription);
            String prompt = Templates.render(
                    SqlPrompts.TEXT_TO_SQL_PROMPT,
                    Map.of("dialect", description.dialect(), "schema", schema, "query_str", question));
            String sql = SqlPrompts.extractSql(ask(prompt, ctx));
            String output = database.query(ctx, sql).toToolText();
            String message = output;
            if (synthesize) {
                message = ask(
                        Templates.render(
                                SqlPrompts.SYNTHESIS_PROMPT,
                                Map.of("query_str", question, "sql_query", sql, "sql_output", output)),
                        ctx);
            }
            return Payload.assistant(message)
                    .withArtifact("input_question", question)
                    .withArtifact("sql_query", sql)
                    .withArtifact("sql_output", output);
        }

        private String ask(String prompt, RunContext ctx) {
            ChatRequest request = ChatRequest.of(model, List.of(ChatMessage.user(prompt)), null)
                    .withSampling(temperature, null);
            return llm.chat(ctx, name, request, apiKey, false).text();
        }
    }
}
