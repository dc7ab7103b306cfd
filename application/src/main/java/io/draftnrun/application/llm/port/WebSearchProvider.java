package io.draftnrun.application.llm.port;

import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.WebSearchResult;
import io.draftnrun.domain.llm.ModelReference;
import java.time.Duration;

/** Answers a question with a model that searches the web (OpenAI only; other providers are a clear error). */
public interface WebSearchProvider {
    WebSearchResult search(ModelReference model, ProviderCredentials credentials, String query, Duration timeout);
}
