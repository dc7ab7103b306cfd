package io.draftnrun.domain.component;

import java.util.Arrays;

/**
 * The type of a component parameter. {@code COMPONENT} and {@code TOOL} are sub-component slots filled by other
 * nodes through relationships, never by values; {@code SECRETS} and {@code LLM_API_KEY} hold references to
 * organization secrets, never plaintext.
 */
public enum ParameterType {
    STRING("string"),
    INTEGER("integer"),
    FLOAT("float"),
    BOOLEAN("boolean"),
    JSON("json"),
    COMPONENT("component"),
    TOOL("tool"),
    DATA_SOURCE("data_source"),
    SECRETS("secrets"),
    LLM_API_KEY("llm_api_key"),
    LLM_MODEL("llm_model");

    private final String wireName;

    ParameterType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** A slot filled by child nodes (relationships) rather than by a value. */
    public boolean isSlot() {
        return this == COMPONENT || this == TOOL;
    }

    /** A value that must be a reference to an organization secret. */
    public boolean isSecret() {
        return this == SECRETS || this == LLM_API_KEY;
    }

    public static ParameterType fromWireName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown parameter type: " + name));
    }
}
