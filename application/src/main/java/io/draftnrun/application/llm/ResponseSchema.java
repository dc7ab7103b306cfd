package io.draftnrun.application.llm;

import io.draftnrun.domain.shared.DomainException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON-schema response format: the reply must be a JSON document matching {@code schema} (strict mode). */
public record ResponseSchema(String name, Map<String, Object> schema) {
    public ResponseSchema {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw DomainException.validation(
                    "output format name '" + name + "' must be 1-64 letters, digits, underscores or dashes");
        }
        if (schema == null || schema.isEmpty()) {
            throw DomainException.validation("output format '" + name + "' needs a JSON schema");
        }
        schema = Collections.unmodifiableMap(new LinkedHashMap<>(schema));
    }
}
