package io.draftnrun.domain.component;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as plain Java objects, the form the domain uses without a JSON library: {@code null}, {@link String},
 * {@link Boolean}, {@link Number}, {@code List<Object>} and {@code Map<String, Object>} (insertion-ordered).
 */
public final class JsonValues {
    private JsonValues() {}

    /** Whether {@code value} is a JSON value made only of the allowed types. */
    public static boolean isJson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Number n) {
            return n instanceof Integer
                    || n instanceof Long
                    || n instanceof Double
                    || n instanceof Float
                    || n instanceof Short
                    || n instanceof Byte
                    || n instanceof BigDecimal
                    || n instanceof BigInteger;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(JsonValues::isJson);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(e -> e.getKey() instanceof String && isJson(e.getValue()));
        }
        return false;
    }

    /** A deep, unmodifiable copy; throws IllegalArgumentException when {@code value} is not a JSON value. */
    public static Object copy(Object value) {
        if (!isJson(value)) {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getSimpleName());
        }
        return deepCopy(value);
    }

    /** A deep, unmodifiable copy of a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyObject(Map<String, ?> value) {
        return (Map<String, Object>) copy(value);
    }

    private static Object deepCopy(Object value) {
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(deepCopy(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
            return Collections.unmodifiableMap(copy);
        }
        return value;
    }
}
