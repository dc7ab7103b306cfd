package io.draftnrun.application.knowledge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text made storable everywhere a chunk goes (PostgreSQL {@code text} and {@code jsonb}, vector payloads): NUL
 * characters, which PostgreSQL refuses ({@code invalid byte sequence for encoding "UTF8": 0x00}), and unpaired
 * surrogates, which no encoder writes faithfully, are removed. Everything else is kept as it is.
 */
public final class StorableText {
    private StorableText() {}

    public static String clean(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                continue;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    out.append(c).append(text.charAt(++i));
                }
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The map with its string values (at the top level) cleaned. */
    public static Map<String, Object> clean(Map<String, Object> values) {
        if (values.values().stream().noneMatch(v -> v instanceof String s && !isClean(s))) {
            return values;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(clean(k), v instanceof String s ? clean(s) : v));
        return Payloads.canonical(copy);
    }

    static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
