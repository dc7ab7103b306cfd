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
import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.application.components.sql.DatabaseQueryAgent;
import io.draftnrun.application.components.sql.RunSqlQueryTool;
import io.draftnrun.application.components.sql.SqlDbService;
import io.draftnrun.application.components.sql.SqlTool;
import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import io.draftnrun.application.components.tools.ApiCallTool;
import io.draftnrun.application.components.tools.McpTool;
import io.draftnrun.application.components.tools.WebSearchTool;
import io.draftnrun.application.components.tools.port.McpToolServers;
import io.draftnrun.application.components.tools.port.OutboundHttp;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.application.llm.port.WebSearchProvider;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.domain.component.ComponentDefinition;
import java.util.List;
import java.util.Objects;

/**
 * Every component this server offers, in catalog order: their definitions (the catalog, which needs no services) and
 * their behaviours, each given the services it uses through its constructor, so a missing one fails at start-up.
 */
public final class BuiltInComponents {
    private BuiltInComponents() {}

    /**
     * The services the built-in components use, all required.
     *
     * @param llm model calls (chat models, credentials, the platform-key allowance)
     * @param models the model catalog (which models answer in structured output)
     * @param retrieval what retrievers read through
     * @param reranker Cohere reranking
     * @param sql the guarded gateway to external SQL databases (ADR 0008)
     * @param http the guarded outbound HTTP client of API calls (ADR 0008)
     * @param mcp the guarded client of remote MCP servers
     * @param webSearch the provider's web search
     */
    public record Services(
            LlmCalls llm,
            ModelCatalog models,
            Retriever.Ports retrieval,
            Reranker reranker,
            ExternalSqlGateway sql,
            OutboundHttp http,
            McpToolServers mcp,
            WebSearchProvider webSearch) {
        public Services {
            Objects.requireNonNull(llm, "llm");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(retrieval, "retrieval");
            Objects.requireNonNull(reranker, "reranker");
            Objects.requireNonNull(sql, "sql");
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(mcp, "mcp");
            Objects.requireNonNull(webSearch, "webSearch");
        }
    }

    /** The definitions of every built-in component, in catalog order. */
    public static List<ComponentDefinition> definitions() {
        return List.of(
                InputComponent.DEFINITION,
                AiAgent.DEFINITION,
                LlmCall.DEFINITION,
                Rag.DEFINITION,
                Retriever.DEFINITION,
                Synthesizer.DEFINITION,
                CohereReranker.DEFINITION,
                Formatter.DEFINITION,
                VocabularySearch.DEFINITION,
                DatabaseQueryAgent.DEFINITION,
                SqlTool.DEFINITION,
                RunSqlQueryTool.DEFINITION,
                SqlDbService.DEFINITION,
                ApiCallTool.DEFINITION,
                McpTool.DEFINITION,
                WebSearchTool.DEFINITION);
    }

    /** Every built-in behaviour, in the order of {@link #definitions()}. */
    public static List<ComponentBehaviour> all(Services services) {
        return List.of(
                new InputComponent(),
                new AiAgent(services.llm()),
                new LlmCall(services.llm()),
                new Rag(),
                new Retriever(services.retrieval()),
                new Synthesizer(services.llm(), services.models()),
                new CohereReranker(services.reranker()),
                new Formatter(),
                new VocabularySearch(),
                new DatabaseQueryAgent(services.llm()),
                new SqlTool(services.llm()),
                new RunSqlQueryTool(),
                new SqlDbService(services.sql()),
                new ApiCallTool(services.http()),
                new McpTool(services.mcp()),
                new WebSearchTool(services.llm(), services.webSearch()));
    }

    public static ComponentRegistry registry(Services services) {
        return new ComponentRegistry(all(services));
    }
}
