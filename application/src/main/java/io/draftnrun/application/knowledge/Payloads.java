package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of a point payload, which every vector store returns unchanged: JSON-like values only (null,
 * {@code String}, {@code Boolean}, integers as {@code Long}, other numbers as {@code Double}, lists, maps with string
 * keys), in immutable collections that keep key order and allow nulls.
 */
public final class Payloads {
    private Payloads() {}

    public static Map<String, Object> canonical(Map<String, ?> payload) {
        return canonicalMap(payload, "payload");
    }

    /** A copy of {@code payload} with one more entry. */
    public static Map<String, Object> with(Map<String, Object> payload, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(payload);
        copy.put(key, value);
        return canonical(copy);
    }

    private static Map<String, Object> canonicalMap(Map<?, ?> map, String path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(k instanceof String key)) {
                throw DomainException.validation(path + " has a non-string key: " + k);
            }
            copy.put(key, canonicalValue(v, path + "." + key));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object canonicalValue(Object value, String path) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger b -> b.longValueExact();
            case Double d -> finite(d, path);
            case Float f -> finite(Double.parseDouble(Float.toString(f)), path);
            case BigDecimal b -> finite(b.doubleValue(), path);
            case Map<?, ?> m -> canonicalMap(m, path);
            case Collection<?> c -> {
                List<Object> list = new ArrayList<>(c.size());
                int i = 0;
                for (Object element : c) {
                    list.add(canonicalValue(element, path + "[" + i++ + "]"));
                }
                yield Collections.unmodifiableList(list);
            }
            default ->
                throw DomainException.validation(
                        path + " is a " + value.getClass().getSimpleName()
                                + "; a payload holds only strings, numbers, booleans, lists and maps");
        };
    }

    private static Double finite(double d, String path) {
        if (!Double.isFinite(d)) {
            throw DomainException.validation(path + " is not a finite number");
        }
        return d;
    }
}
