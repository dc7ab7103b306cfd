package io.draftnrun.domain.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code {{secret:name}}} placeholders that text values of some parameters may hold (the API Call's headers and
 * fixed parameters, e.g. {@code {"Authorization": "Bearer {{secret:github_token}}"}}): the graph stores the name, a run
 * replaces it by the organization secret of that name (ADR 0015). A name has the characters of a secret key (letters,
 * digits, {@code _ . -}); spaces around it are allowed. Read in one linear pass, in strings nested at any depth of
 * lists and objects (object keys are not read).
 */
public final class SecretPlaceholders {
    static final String OPEN = "{{secret:";
    private static final String CLOSE = "}}";
    private static final int MAX_NAME = 200;

    private SecretPlaceholders() {}

    /** The secret names a JSON value (String, List, Map...) refers to, in order of appearance, each once. */
    public static Set<String> names(Object json) {
        Set<String> names = new LinkedHashSet<>();
        collect(json, names);
        return names;
    }

    /** Whether the value holds at least one placeholder. */
    public static boolean present(Object json) {
        return switch (json) {
            case String s -> s.contains(OPEN);
            case List<?> list -> list.stream().anyMatch(SecretPlaceholders::present);
            case Map<?, ?> map -> map.values().stream().anyMatch(SecretPlaceholders::present);
            case null, default -> false;
        };
    }

    /**
     * A copy of the JSON value with each placeholder replaced by {@code secrets.apply(name)}; a value without
     * placeholders is returned as it is.
     */
    public static Object replace(Object json, Function<String, String> secrets) {
        return switch (json) {
            case String s when s.contains(OPEN) -> replaceIn(s, secrets);
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(item -> copy.add(replace(item, secrets)));
                yield copy;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, replace(v, secrets)));
                yield copy;
            }
            case null, default -> json;
        };
    }

    private static void collect(Object json, Set<String> names) {
        switch (json) {
            case String s -> scan(s, names, null, null);
            case List<?> list -> list.forEach(item -> collect(item, names));
            case Map<?, ?> map -> map.values().forEach(value -> collect(value, names));
            case null, default -> {}
        }
    }

    private static String replaceIn(String text, Function<String, String> secrets) {
        StringBuilder out = new StringBuilder(text.length());
        scan(text, null, secrets, out);
        return out.toString();
    }

    /** Finds placeholders; adds their names to {@code names} and/or writes the text with them replaced to out. */
    private static void scan(String text, Set<String> names, Function<String, String> secrets, StringBuilder out) {
        int from = 0;
        int open = text.indexOf(OPEN);
        while (open >= 0) {
            int close = closeWithin(text, open + OPEN.length());
            String name =
                    close < 0 ? "" : text.substring(open + OPEN.length(), close).strip();
            if (!validName(name)) {
                // not a placeholder: keep the text and look further
                if (out != null) {
                    out.append(text, from, open + OPEN.length());
                }
                from = open + OPEN.length();
                open = text.indexOf(OPEN, from);
                continue;
            }
            if (names != null) {
                names.add(name);
            }
            if (out != null) {
                out.append(text, from, open).append(secrets.apply(name));
            }
            from = close + CLOSE.length();
            open = text.indexOf(OPEN, from);
        }
        if (out != null) {
            out.append(text, from, text.length());
        }
    }

    /** The {@code }}} closing a placeholder whose name starts at {@code start}, looked for only as far as a name goes. */
    private static int closeWithin(String text, int start) {
        int limit = Math.min(text.length() - 1, start + MAX_NAME + 16); // a name, and some spaces around it
        for (int i = start; i < limit; i++) {
            if (text.charAt(i) == '}' && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
