package io.draftnrun.domain.graph;

import io.draftnrun.domain.component.JsonValues;
import java.util.List;
import java.util.Objects;

/**
 * The value a node gives one of its parameters: a literal JSON value (scalar, object or array), a reference to an
 * organization secret by its key (never the plaintext), or an ordered list of such values (the reference's
 * "parameters sharing a name with an order"). An absent parameter has no value at all; there is no null value.
 */
public sealed interface ParameterValue {

    /** A scalar or JSON value: String, Boolean, Number, List or Map (see {@link JsonValues}); never null. */
    record Literal(Object json) implements ParameterValue {
        public Literal {
            Objects.requireNonNull(json, "a literal value is never null; leave the parameter out instead");
            json = JsonValues.copy(json);
        }
    }

    /** A reference to the organization secret with this key (e.g. {@code openai_api_key}). */
    record SecretReference(String secretKey) implements ParameterValue {
        public SecretReference {
            Objects.requireNonNull(secretKey, "secret key");
            if (secretKey.isBlank()) {
                throw new IllegalArgumentException("a secret reference needs a key");
            }
        }
    }

    /** Several values in order; items are literals or secret references, never lists. */
    record OrderedList(List<ParameterValue> items) implements ParameterValue {
        public OrderedList {
            items = List.copyOf(items);
            if (items.stream().anyMatch(i -> i instanceof OrderedList)) {
                throw new IllegalArgumentException("ordered lists do not nest");
            }
        }
    }

    static ParameterValue literal(Object json) {
        return new Literal(json);
    }

    static ParameterValue secret(String key) {
        return new SecretReference(key);
    }
}
