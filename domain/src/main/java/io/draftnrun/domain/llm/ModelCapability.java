package io.draftnrun.domain.llm;

/** What a model can be used for; parameters of type "model" are filtered by these. */
public enum ModelCapability {
    COMPLETION,
    FUNCTION_CALLING,
    STRUCTURED_OUTPUT,
    EMBEDDING,
    WEB_SEARCH,
    VISION,
    FILE
}
