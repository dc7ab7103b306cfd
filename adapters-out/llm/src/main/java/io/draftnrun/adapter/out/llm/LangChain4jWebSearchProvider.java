package io.draftnrun.adapter.out.llm;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiResponsesChatModel;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.WebSearchResult;
import io.draftnrun.application.llm.port.WebSearchProvider;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.TokenUsage;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link WebSearchProvider} with the OpenAI Responses API and its {@code web_search_preview} server tool (langchain4j's
 * {@code OpenAiResponsesChatModel}). Other providers are a FAILED_PRECONDITION error.
 */
public final class LangChain4jWebSearchProvider implements WebSearchProvider {
    private final ProviderCall calls;

    public LangChain4jWebSearchProvider() {
        this(RetryPolicy.DEFAULT);
    }

    public LangChain4jWebSearchProvider(RetryPolicy retryPolicy) {
        this.calls = new ProviderCall(retryPolicy);
    }

    @Override
    public WebSearchResult search(
            ModelReference model, ProviderCredentials credentials, String query, Duration timeout) {
        if (!model.provider().equals(BuiltInModels.OPENAI)) {
            throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "web search needs an openai model; '" + model + "' is not supported");
        }
        if (query == null || query.isBlank()) {
            throw DomainException.validation("web search needs a query");
        }
        String baseUrl = credentials.baseUrl().orElse(LangChain4jChatModelProvider.OPENAI_BASE_URL);
        OpenAiResponsesChatModel responses = OpenAiResponsesChatModel.builder()
                .httpClientBuilder(JdkHttpClient.builder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .readTimeout(timeout))
                .baseUrl(baseUrl)
                .apiKey(credentials.apiKey().orElse("none"))
                .modelName(model.model())
                .serverTools(List.of(Map.of("type", "web_search_preview")))
                .build();
        ProviderCall.Target target = new ProviderCall.Target(
                model.provider(),
                model.model(),
                baseUrl,
                credentials.apiKey(),
                "the organization secret 'openai_api_key' or the server variable OPENAI_API_KEY");
        ChatResponse response = calls.run(
                target,
                timeout,
                () -> responses.chat(
                        ChatRequest.builder().messages(UserMessage.from(query)).build()),
                () -> true);
        var usage = response.tokenUsage();
        TokenUsage tokens = usage == null
                ? TokenUsage.ZERO
                : new TokenUsage(
                        usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                        usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
        return new WebSearchResult(response.aiMessage().text(), tokens);
    }
}
