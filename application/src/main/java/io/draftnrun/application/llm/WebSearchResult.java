package io.draftnrun.application.llm;

import io.draftnrun.domain.llm.TokenUsage;

/** The answer of a web-search call (the model's text, citations inline) and its token usage. */
public record WebSearchResult(String text, TokenUsage usage) {
    public WebSearchResult {
        text = text == null ? "" : text;
        usage = usage == null ? TokenUsage.ZERO : usage;
    }
}
