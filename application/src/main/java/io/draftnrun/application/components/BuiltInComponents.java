package io.draftnrun.application.components;

import io.draftnrun.application.components.agent.AiAgent;
import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.components.llm.LlmCall;
import io.draftnrun.application.components.rag.CohereReranker;
import io.draftnrun.application.components.rag.Formatter;
import io.draftnrun.application.components.rag.Rag;
import io.draftnrun.application.components.rag.Retriever;
import io.draftnrun.application.components.rag.Synthesizer;
import io.draftnrun.application.components.rag.VocabularySearch;
import io.draftnrun.application.components.sql.DatabaseQueryAgent;
import io.draftnrun.application.components.sql.RunSqlQueryTool;
import io.draftnrun.application.components.sql.SqlDbService;
import io.draftnrun.application.components.sql.SqlTool;
import io.draftnrun.application.components.tools.ApiCallTool;
import io.draftnrun.application.components.tools.WebSearchTool;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentRegistry;
import java.util.List;

/** Every component this server offers, in catalog order; what bootstrap registers. */
public final class BuiltInComponents {
    private BuiltInComponents() {}

    public static List<ComponentBehaviour> all() {
        return List.of(
                new InputComponent(),
                new AiAgent(),
                new LlmCall(),
                new Rag(),
                new Retriever(),
                new Synthesizer(),
                new CohereReranker(),
                new Formatter(),
                new VocabularySearch(),
                new DatabaseQueryAgent(),
                new SqlTool(),
                new RunSqlQueryTool(),
                new SqlDbService(),
                new ApiCallTool(),
                new io.draftnrun.application.components.tools.McpTool(),
                new WebSearchTool());
    }

    public static ComponentRegistry registry() {
        return new ComponentRegistry(all());
    }
}
