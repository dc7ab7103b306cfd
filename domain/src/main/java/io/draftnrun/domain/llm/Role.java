package io.draftnrun.domain.llm;

/** Author of a chat message. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL
}
