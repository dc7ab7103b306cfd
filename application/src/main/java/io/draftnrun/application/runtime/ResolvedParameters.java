package io.draftnrun.application.runtime;

import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.shared.DomainException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's parameter values ready for a component: defaults applied, secret references replaced by their decrypted
 * value (a String), ordered lists as {@code List}. Typed getters convert leniently (a number given as a string, a
 * JSON object given as text) and fail with a VALIDATION error naming the parameter otherwise. Never printed whole:
 * values may be secrets.
 */
public final class ResolvedParameters {
    private final Map<String, Object> values;
    private final java.util.Set<String> secrets;

    public ResolvedParameters(Map<String, Object> values) {
        this(values, java.util.Set.of());
    }

    /** @param secrets the plaintext of every organization secret the values hold (see {@link #secrets()}) */
    public ResolvedParameters(Map<String, Object> values, java.util.Set<String> secrets) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.secrets = java.util.Set.copyOf(secrets);
    }

    public static ResolvedParameters of(Map<String, Object> values) {
        return new ResolvedParameters(values);
    }

    /**
     * The plaintext of the organization secrets these values hold (secret references and {@code {{secret:name}}}
     * placeholders), so a component can keep them out of what it returns, e.g. a response echoing a header.
     */
    public java.util.Set<String> secrets() {
        return secrets;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public Optional<Object> raw(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public Optional<String> string(String name) {
        return raw(name).map(v -> v instanceof String s ? s : Json.write(v)).filter(s -> !s.isEmpty());
    }

    public String requireString(String name) {
        return string(name).orElseThrow(() -> missing(name));
    }

    public Optional<Long> integer(String name) {
        return raw(name).map(v -> switch (v) {
            case Number n -> n.longValue();
            case String s when !s.isBlank() -> parse(name, () -> Long.parseLong(s.strip()));
            default -> throw invalid(name, "an integer");
        });
    }

    public long integer(String name, long fallback) {
        return integer(name).orElse(fallback);
    }

    public Optional<Double> decimal(String name) {
        return raw(name).map(v -> switch (v) {
            case Number n -> n.doubleValue();
            case String s when !s.isBlank() -> parse(name, () -> Double.parseDouble(s.strip()));
            default -> throw invalid(name, "a number");
        });
    }

    public Optional<Boolean> bool(String name) {
        return raw(name).map(v -> switch (v) {
            case Boolean b -> b;
            case String s when s.equalsIgnoreCase("true") || s.equals("1") -> true;
            case String s when s.equalsIgnoreCase("false") || s.equals("0") -> false;
            case Number n -> n.intValue() != 0;
            default -> throw invalid(name, "a boolean");
        });
    }

    public boolean bool(String name, boolean fallback) {
        return bool(name).orElse(fallback);
    }

    /** A JSON value: maps and lists as given, strings parsed as JSON text (blank = absent). */
    public Optional<Object> json(String name) {
        return raw(name).flatMap(v -> {
            if (v instanceof String s) {
                if (s.isBlank() || s.strip().equals("None") || s.strip().equals("null")) {
                    return Optional.empty();
                }
                try {
                    return Optional.ofNullable(Json.parse(s));
                } catch (DomainException e) {
                    throw invalid(name, "valid JSON (" + e.getMessage() + ")");
                }
            }
            return Optional.of(v);
        });
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> jsonObject(String name) {
        return json(name).map(v -> {
            if (v instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw invalid(name, "a JSON object");
        });
    }

    public List<Object> list(String name) {
        return raw(name)
                .map(v -> v instanceof List<?> l ? List.<Object>copyOf(l) : List.of(v))
                .orElse(List.of());
    }

    public java.util.Set<String> names() {
        return values.keySet();
    }

    private static <T> T parse(String name, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (NumberFormatException e) {
            throw invalid(name, "a number");
        }
    }

    private static DomainException missing(String name) {
        return DomainException.validation("parameter '" + name + "' needs a value");
    }

    private static DomainException invalid(String name, String expected) {
        return DomainException.validation("parameter '" + name + "' must be " + expected);
    }

    @Override
    public String toString() {
        return "ResolvedParameters" + values.keySet();
    }
}
