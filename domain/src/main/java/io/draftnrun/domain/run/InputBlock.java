package io.draftnrun.domain.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Input block's rules (spec 3.1, 2.5 step 3): its {@code payload_schema} is a JSON object whose keys are the
 * variables a run accepts and whose values are their defaults. The runner fills the request's missing top-level keys
 * from it; the block then passes on only the keys the schema names.
 */
public final class InputBlock {
    public static final String COMPONENT_NAME = "Input";
    public static final String PAYLOAD_SCHEMA = "payload_schema";

    private InputBlock() {}

    /** The request with every schema key it lacks added with the schema's value. */
    public static Map<String, Object> withDefaults(Map<String, Object> request, Map<String, Object> schema) {
        Map<String, Object> result = new LinkedHashMap<>(request);
        schema.forEach(result::putIfAbsent);
        return result;
    }

    /** Only the request's keys that the schema names. */
    public static Map<String, Object> whitelist(Map<String, Object> request, Map<String, Object> schema) {
        Map<String, Object> result = new LinkedHashMap<>();
        request.forEach((k, v) -> {
            if (schema.containsKey(k)) {
                result.put(k, v);
            }
        });
        return result;
    }
}
