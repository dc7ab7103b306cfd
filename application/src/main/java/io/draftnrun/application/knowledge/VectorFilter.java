package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A search filter as the RAG tool receives it ({@code {field: value-or-list}}): a point passes when, for every field,
 * its payload value (or one element of it, when it is a list) equals one of the listed values. Values are strings or
 * integers (Qdrant's match-any); an empty filter lets everything pass.
 */
public record VectorFilter(Map<String, List<Object>> anyOf) {
    private static final VectorFilter NONE = new VectorFilter(Map.of());

    public VectorFilter {
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        anyOf.forEach((field, values) -> {
            if (field == null || field.isBlank()) {
                throw DomainException.validation("a filter field name is blank");
            }
            if (values == null || values.isEmpty()) {
                throw DomainException.validation("filter on " + field + " lists no value");
            }
            copy.put(field, values.stream().map(v -> keyword(field, v)).toList());
        });
        anyOf = java.util.Collections.unmodifiableMap(copy);
    }

    public static VectorFilter none() {
        return NONE;
    }

    /** From the tool-call shape: each value is a single string/integer or a collection of them. */
    public static VectorFilter of(Map<String, ?> fields) {
        if (fields == null || fields.isEmpty()) {
            return NONE;
        }
        Map<String, List<Object>> anyOf = new LinkedHashMap<>();
        fields.forEach((field, value) -> anyOf.put(
                field, value instanceof Collection<?> c ? List.copyOf(c) : java.util.Collections.singletonList(value)));
        return new VectorFilter(anyOf);
    }

    public boolean isEmpty() {
        return anyOf.isEmpty();
    }

    /** Whether a stored payload passes: the reference semantics, shared by the in-memory stores and fakes. */
    public boolean matches(Map<String, Object> payload) {
        for (Map.Entry<String, List<Object>> condition : anyOf.entrySet()) {
            Object value = payload.get(condition.getKey());
            boolean any = value instanceof List<?> list
                    ? list.stream().anyMatch(condition.getValue()::contains)
                    : value != null && condition.getValue().contains(value);
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** Fails with {@code VALIDATION} when a filtered field has no keyword index in the collection. */
    public void requireIndexed(String collection, Collection<String> indexedFields) {
        Set<String> missing = new LinkedHashSet<>(anyOf.keySet());
        missing.removeAll(Set.copyOf(indexedFields));
        if (!missing.isEmpty()) {
            throw DomainException.validation("collection " + collection + " cannot be filtered on " + missing
                    + ": only keyword-indexed fields can, here " + indexedFields);
        }
    }

    private static Object keyword(String field, Object value) {
        return switch (value) {
            case String s -> s;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case null -> throw DomainException.validation("filter on " + field + " has a null value");
            default ->
                throw DomainException.validation(
                        "filter on " + field + ": only strings and integers can be matched, got "
                                + value.getClass().getSimpleName());
        };
    }
}
