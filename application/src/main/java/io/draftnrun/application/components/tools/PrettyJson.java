package io.draftnrun.application.components.tools;

import io.draftnrun.domain.run.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes JSON values indented by two spaces, as the reference's {@code json.dumps(..., indent=2)} shows them. */
public final class PrettyJson {
    private PrettyJson() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        switch (value) {
            case Map<?, ?> map when map.isEmpty() -> out.append("{}");
            case Map<?, ?> map -> {
                out.append("{\n");
                Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    indent(out, depth + 1);
                    out.append(Json.write(String.valueOf(e.getKey()))).append(": ");
                    write(e.getValue(), out, depth + 1);
                    out.append(it.hasNext() ? ",\n" : "\n");
                }
                indent(out, depth);
                out.append('}');
            }
            case List<?> list when list.isEmpty() -> out.append("[]");
            case List<?> list -> {
                out.append("[\n");
                for (int i = 0; i < list.size(); i++) {
                    indent(out, depth + 1);
                    write(list.get(i), out, depth + 1);
                    out.append(i + 1 < list.size() ? ",\n" : "\n");
                }
                indent(out, depth);
                out.append(']');
            }
            case null -> out.append("null");
            default -> out.append(Json.write(value));
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }
}
