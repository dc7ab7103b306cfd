package io.draftnrun.application.components.sql;

import io.draftnrun.application.components.agent.AgentLoop;
import io.draftnrun.application.components.agent.AiAgent;
import io.draftnrun.application.components.llm.LlmParameters;
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
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.run.Templates;
import io.draftnrun.domain.trace.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Database Query Agent (spec 3.6): an AI Agent whose system prompt describes the database (tables, typed columns,
 * foreign keys, one sample row, the dialect) and whose one tool is the Run SQL Query Tool on the same database. The
 * database is described on the instance's first run (building must not touch the network), then reused.
 */
public final class DatabaseQueryAgent implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("c0f1a2b3-4d5e-6f7a-8b9c-0d1e2f3a4b5c");
    public static final String NAME = "Database Query Agent";
    public static final String INCLUDE_TABLES = "include_tables";
    public static final String ADDITIONAL_DESCRIPTION = "additional_db_description";
    public static final String PROMPT = "prompt";
    public static final String SCHEMA_NAME = "db_schema_name";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = definitionOf();

    private static ComponentDefinition definitionOf() {
        List<ParameterDefinition> parameters = new ArrayList<>();
        parameters.add(RunSqlQueryTool.dbServiceSlot(0));
        parameters.add(ParameterDefinition.builder(INCLUDE_TABLES, ParameterType.JSON)
                .order(1)
                .ui(
                        UiComponent.TEXTAREA,
                        Map.of("label", "Tables to use", "placeholder", "[\"customers\", \"orders\"]"))
                .build());
        parameters.add(ParameterDefinition.builder(ADDITIONAL_DESCRIPTION, ParameterType.STRING)
                .order(2)
                .ui(UiComponent.TEXTAREA, Map.of("label", "Additional database description"))
                .build());
        parameters.add(ParameterDefinition.builder(PROMPT, ParameterType.STRING)
                .defaultValue(SqlPrompts.REACT_SQL_PROMPT)
                .order(3)
                .ui(UiComponent.TEXTAREA, Map.of("label", "Prompt"))
                .build());
        parameters.add(ParameterDefinition.builder(SCHEMA_NAME, ParameterType.STRING)
                .order(4)
                .ui(UiComponent.TEXTFIELD, Map.of("label", "Schema name"))
                .advanced()
                .build());
        parameters.addAll(LlmParameters.definitions(
                5,
                io.draftnrun.domain.llm.ModelCapability.COMPLETION,
                io.draftnrun.domain.llm.ModelCapability.FUNCTION_CALLING));
        parameters.addAll(AiAgent.loopParameters(7));
        return ComponentDefinition.builder()
                .id(ID)
                .name(NAME)
                .description("An agent that answers questions about a database by running read-only SQL queries.")
                .agent(true)
                .functionCallable(true)
                .canUseFunctionCalling(true)
                .releaseStage(ReleaseStage.PUBLIC)
                .parameters(parameters)
                .defaultToolDescription(new ToolDescription(
                        "React_SQL_Tool",
                        "Answers a question about the database.",
                        Map.of(
                                "natural_language_query",
                                Map.of("type", "string", "description", "The question, in plain words")),
                        List.of("natural_language_query")))
                .build();
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    private final LlmCalls llm;

    public DatabaseQueryAgent(LlmCalls llm) {
        this.llm = Objects.requireNonNull(llm, "llm");
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        SqlDbService.SqlDatabase database = SqlDbService.fromSlot(spec, RunSqlQueryTool.DB_SERVICE);
        String name = spec.instanceName().isBlank() ? NAME : spec.instanceName();
        RunSqlQueryTool.Instance tool = new RunSqlQueryTool.Instance(
                "Run SQL Query Tool", database, ToolSpecs.of(RunSqlQueryTool.TOOL_DESCRIPTION));
        return new Instance(
                llm,
                name,
                database,
                SqlPrompts.includeTables(p, INCLUDE_TABLES),
                p.string(ADDITIONAL_DESCRIPTION).orElse(""),
                p.string(PROMPT).orElse(SqlPrompts.REACT_SQL_PROMPT),
                p.string(SCHEMA_NAME),
                AiAgent.settings(p, Optional.empty()),
                tool,
                ToolSpecs.of(spec.toolDescription()));
    }

    private static final class Instance implements FunctionCallable {
        private final LlmCalls llm;
        private final String name;
        private final SqlDbService.SqlDatabase database;
        private final Set<String> includeTables;
        private final String additionalDescription;
        private final String prompt;
        private final Optional<String> schemaName;
        private final AgentLoop.Settings settings;
        private final FunctionCallable tool;
        private final ToolSpec toolSpec;
        private AgentLoop loop;

        Instance(
                LlmCalls llm,
                String name,
                SqlDbService.SqlDatabase database,
                Set<String> includeTables,
                String additionalDescription,
                String prompt,
                Optional<String> schemaName,
                AgentLoop.Settings settings,
                FunctionCallable tool,
                ToolSpec toolSpec) {
            this.llm = llm;
            this.name = name;
            this.database = database;
            this.includeTables = includeTables;
            this.additionalDescription = additionalDescription;
            this.prompt = prompt;
            this.schemaName = schemaName;
            this.settings = settings;
            this.tool = tool;
            this.toolSpec = toolSpec;
        }

        private synchronized AgentLoop loop(RunContext ctx) {
            if (loop == null) {
                DatabaseDescription description = database.describe(ctx, schemaName, includeTables);
                String system = Templates.render(
                        prompt,
                        Map.of(
                                "schema", description.toMarkdown(),
                                "dialect", description.dialect(),
                                "additional_db_description", additionalDescription));
                AgentLoop.Settings s = new AgentLoop.Settings(
                        settings.model(),
                        settings.temperature(),
                        settings.apiKey(),
                        Optional.of(system),
                        settings.historyField(),
                        settings.fallbackAnswer(),
                        settings.maxIterations(),
                        settings.maxToolsPerIteration(),
                        settings.firstHistoryMessages(),
                        settings.lastHistoryMessages(),
                        settings.runToolsInParallel(),
                        settings.allowToolShortcuts());
                loop = new AgentLoop(llm, name, s, List.of(tool), toolSpec, SpanKind.AGENT);
            }
            return loop;
        }

        /** The system prompt given to the model (after the first run). */
        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            return loop(ctx).run(inputs, ctx);
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            return loop(ctx).callAsTool(arguments, originalInput, ctx);
        }

        @Override
        public ToolSpec toolSpec() {
            return toolSpec;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public SpanKind spanKind() {
            return SpanKind.AGENT;
        }
    }
}
