package io.draftnrun.application.llm;

/** Why the model stopped generating. */
public enum FinishReason {
    STOP,
    LENGTH,
    TOOL_CALLS,
    CONTENT_FILTER,
    OTHER
}
