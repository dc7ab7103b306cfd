package io.draftnrun.domain.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders prompt templates with {@code {{name}}} placeholders (double braces, so JSON in a prompt needs no escaping;
 * spaces inside the braces are ignored). {@code {{input}}} is conventionally the last user-visible message text; any
 * other name is looked up by the caller (usually a top-level payload key). A missing name renders as an empty string.
 */
public final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*}}");
    public static final String INPUT = "input";

    private Templates() {}

    /** The placeholder names of a template, in first-appearance order, without duplicates. */
    public static List<String> placeholders(String template) {
        if (template == null) {
            return List.of();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return new ArrayList<>(names);
    }

    /** Replaces each placeholder by {@code lookup(name)}, or by an empty string when it gives nothing. */
    public static String render(String template, Function<String, Optional<String>> lookup) {
        if (template == null || template.isEmpty()) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String value = lookup.apply(m.group(1)).orElse("");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String render(String template, Map<String, String> values) {
        return render(template, name -> Optional.ofNullable(values.get(name)));
    }

    /**
     * Renders against payloads: {@code {{input}}} is the concatenation of the last message text of every input (the
     * reference's rule), any other name the top-level key of the last payload that has it (strings as is, other
     * values as JSON).
     */
    public static String renderWithPayloads(String template, List<Payload> inputs) {
        return render(template, name -> lookup(name, inputs));
    }

    /** The value a payload-based template gives {@code name}, see {@link #renderWithPayloads}. */
    public static Optional<String> lookup(String name, List<Payload> inputs) {
        if (INPUT.equals(name)) {
            StringBuilder text = new StringBuilder();
            inputs.forEach(p -> text.append(p.lastMessageText()));
            return Optional.of(text.toString());
        }
        for (int i = inputs.size() - 1; i >= 0; i--) {
            Optional<Object> value = inputs.get(i).get(name);
            if (value.isPresent()) {
                Object v = value.get();
                return Optional.of(v instanceof String s ? s : Json.write(v));
            }
        }
        return Optional.empty();
    }
}
