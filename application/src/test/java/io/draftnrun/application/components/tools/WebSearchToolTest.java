package io.draftnrun.application.components.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.llm.WebSearchResult;
import io.draftnrun.application.llm.port.WebSearchProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSearchToolTest {
    private final List<String> asked = new ArrayList<>();
    private final WebSearchProvider provider = (model, credentials, query, timeout) -> {
        asked.add(model + "|" + credentials.apiKey().orElse("none") + "|" + query);
        return new WebSearchResult("Paris hosts the 2024 Olympics [openai.com].", new TokenUsage(30, 12));
    };
    private final TestRunContexts runs = new TestRunContexts(new ScriptedChatModelProvider());

    private FunctionCallable tool(Map<String, Object> parameters) {
        return (FunctionCallable) new WebSearchTool(runs.llm, provider)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Search",
                        ResolvedParameters.of(parameters),
                        Map.of(),
                        ToolDescription.empty("Web_Search_Tool")));
    }

    @Test
    void searchesTheQueryArgumentWithTheServerKeyAndTracesTokens() {
        Payload out = tool(Map.of("completion_model", "openai:gpt-4o"))
                .callAsTool(Map.of("query", "Olympics 2024 host"), Payload.empty(), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("Paris hosts the 2024 Olympics [openai.com].");
        assertThat(asked).containsExactly("openai:gpt-4o|sk-test|Olympics 2024 host");
        assertThat(runs.spans.named("Web search").ownTokens().total()).isEqualTo(42);
    }

    @Test
    void fallsBackToTheLastMessage() {
        tool(Map.of()).run(List.of(Payload.assistant("weather in Oslo")), runs.context());
        assertThat(asked).containsExactly("openai:gpt-4.1-mini|sk-test|weather in Oslo");
    }

    @Test
    void refusesNonOpenAiModels() {
        assertThatThrownBy(() -> tool(Map.of("completion_model", "anthropic:claude-haiku-4-5")))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("needs an OpenAI model");
    }
}
