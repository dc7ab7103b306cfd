package io.draftnrun.application.components.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.components.tools.port.McpToolServers;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.application.runtime.ToolSet;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The MCP Tool over a fake of its port: listing once per run, the allow-list, names, failures as tool output. */
class McpToolTest {
    /** A fake MCP server: two tools, one with a name models do not take; counts listings, keeps calls. */
    private static final class FakeServers implements McpToolServers {
        final AtomicInteger listings = new AtomicInteger();
        final List<String> calls = new ArrayList<>();
        String failure;

        @Override
        public List<RemoteTool> listTools(Server server) {
            listings.incrementAndGet();
            if (failure != null) {
                throw new McpFailure(failure);
            }
            return List.of(
                    new RemoteTool(
                            "search.docs", "Searches.", Map.of("properties", Map.of("q", Map.of("type", "string")))),
                    new RemoteTool("drop_all", "Dangerous.", null));
        }

        @Override
        public CallResult callTool(Server server, String name, Map<String, Object> arguments) {
            calls.add(name + " " + arguments);
            if (failure != null) {
                throw new McpFailure(failure);
            }
            return new CallResult("found " + arguments.get("q") + " with token sk-secret-value", false);
        }
    }

    private final FakeServers servers = new FakeServers();

    private ToolSet tool(Object allowed) {
        Map<String, Object> parameters = new java.util.HashMap<>();
        parameters.put("server_url", "https://mcp.example.com/mcp");
        parameters.put("headers", Map.of("Authorization", "Bearer sk-secret-value"));
        if (allowed != null) {
            parameters.put("allowed_tools", allowed);
        }
        return (ToolSet) new McpTool(servers)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Docs",
                        new ResolvedParameters(parameters, java.util.Set.of("sk-secret-value")),
                        Map.of(),
                        ToolDescription.empty("docs")));
    }

    private RunContext context() {
        return new TestRunContexts(new ScriptedChatModelProvider()).context();
    }

    @Test
    void theAllowedToolsAreOfferedOnceListedAndCalledByTheirServerNames() {
        ToolSet tool = tool(List.of("search.docs"));
        RunContext ctx = context();
        List<ToolSpec> specs = tool.toolSpecs(ctx);
        assertThat(specs).extracting(ToolSpec::name).containsExactly("search_docs");
        assertThat(specs.getFirst().parametersJsonSchema()).containsEntry("type", "object");

        Payload first = tool.callNamed("search_docs", Map.of("q", "mcp"), Payload.empty(), ctx);
        tool.callNamed("search_docs", Map.of("q", "again"), Payload.empty(), ctx);
        tool.toolSpecs(ctx);

        assertThat(first.lastMessageText()).isEqualTo("found mcp with token [secret]");
        assertThat(servers.calls).containsExactly("search.docs {q=mcp}", "search.docs {q=again}");
        assertThat(servers.listings.get()).as("listed once per run").isEqualTo(1);
        assertThat(tool.callNamed("drop_all", Map.of(), Payload.empty(), ctx).lastMessageText())
                .contains("no tool named");
    }

    @Test
    void withoutAnAllowListEveryToolIsOffered() {
        assertThat(tool(null).toolSpecs(context()))
                .extracting(ToolSpec::name)
                .containsExactly("search_docs", "drop_all");
    }

    @Test
    void aServerThatCannotBeListedIsOneFunctionSayingWhy() {
        servers.failure = "the address 10.0.0.1 is private";
        ToolSet tool = tool(null);
        RunContext ctx = context();
        List<ToolSpec> specs = tool.toolSpecs(ctx);
        assertThat(specs).hasSize(1);
        assertThat(tool.callNamed(specs.getFirst().name(), Map.of(), Payload.empty(), ctx)
                        .lastMessageText())
                .isEqualTo("MCP server unavailable: the address 10.0.0.1 is private");
        assertThat(servers.calls).isEmpty();
    }
}
