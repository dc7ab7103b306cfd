package io.draftnrun.application.components;

import io.draftnrun.application.components.rag.Retriever;
import io.draftnrun.application.components.sql.DatabaseDescription;
import io.draftnrun.application.components.sql.ScriptedExternalSqlGateway;
import io.draftnrun.application.components.tools.ScriptedOutboundHttp;
import io.draftnrun.application.components.tools.port.McpToolServers;
import io.draftnrun.application.knowledge.InMemoryVectorStore;
import io.draftnrun.application.llm.FakeEmbeddingModelProvider;
import io.draftnrun.application.llm.InMemoryModelCatalog;
import io.draftnrun.application.llm.port.ChatModelProvider;
import io.draftnrun.application.runtime.TestRunContexts;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services of every built-in component, as fakes that answer nothing (no source, no ranking, no MCP tool, an
 * empty database): for tests that build the whole set of components, with model calls through the given provider.
 */
public final class TestComponentServices {
    private TestComponentServices() {}

    public static BuiltInComponents.Services of(ChatModelProvider chat) {
        return new BuiltInComponents.Services(
                TestRunContexts.llm(chat),
                new InMemoryModelCatalog(),
                new Retriever.Ports(
                        (organization, source) -> Optional.empty(),
                        new FakeEmbeddingModelProvider(4),
                        TestRunContexts.credentials(),
                        new InMemoryVectorStore(),
                        (key, name) -> Optional.empty()),
                (model, query, documents, topN) -> List.of(),
                new ScriptedExternalSqlGateway(new DatabaseDescription("sqlite", List.of())),
                new ScriptedOutboundHttp(),
                new McpToolServers() {
                    @Override
                    public List<RemoteTool> listTools(Server server) {
                        return List.of();
                    }

                    @Override
                    public CallResult callTool(Server server, String name, Map<String, Object> arguments) {
                        throw new McpFailure("no MCP server in this test");
                    }
                },
                (model, credentials, query, timeout) -> {
                    throw new IllegalStateException("no web search in this test");
                });
    }
}
