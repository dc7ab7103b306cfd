package io.draftnrun.domain.organization;

import java.util.Arrays;

/** Kinds of organization secrets, with the reference's stored names. */
public enum SecretType {
    LLM_API_KEY("llm_api_key"),
    PASSWORD("password");

    private final String wireName;

    SecretType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static SecretType fromWireName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(name) || t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown secret type: " + name));
    }
}
