package io.draftnrun.application.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.domain.component.ComponentDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The whole built-in catalog (every field of every definition, parameters and tool descriptions included), written
 * canonically (record components by name, map keys sorted) and compared with the snapshot in
 * {@code catalog/built-in-components.txt}: a refactoring of how definitions are built must not change what the
 * catalog serves. A deliberate catalog change updates the snapshot (the actual text is written to
 * {@code target/built-in-components.actual.txt} on a mismatch).
 */
class CatalogSnapshotTest {
    @Test
    void theCatalogIsExactlyTheSnapshot() throws IOException {
        StringBuilder actual = new StringBuilder();
        for (ComponentDefinition definition : BuiltInComponents.definitions()) {
            write(definition, 0, actual);
            actual.append('\n');
        }
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/catalog/built-in-components.txt")) {
            expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.contentEquals(actual)) {
            Files.writeString(Path.of("target", "built-in-components.actual.txt"), actual);
        }
        assertThat(actual.toString()).isEqualTo(expected);
    }

    private static void write(Object value, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth + 1);
        switch (value) {
            case null -> out.append("null");
            case Optional<?> o -> {
                if (o.isEmpty()) {
                    out.append("empty");
                } else {
                    out.append("some ");
                    write(o.get(), depth, out);
                }
            }
            case Map<?, ?> m -> {
                Map<String, Object> sorted = new TreeMap<>();
                m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
                out.append("{\n");
                sorted.forEach((k, v) -> {
                    out.append(indent).append(k).append(": ");
                    write(v, depth + 1, out);
                    out.append('\n');
                });
                out.append("  ".repeat(depth)).append('}');
            }
            case Collection<?> c -> {
                out.append(c instanceof Set ? "set [\n" : "[\n");
                Collection<?> items = c instanceof Set<?> set
                        ? set.stream()
                                .sorted(Comparator.comparing(String::valueOf))
                                .toList()
                        : c;
                for (Object item : items) {
                    out.append(indent);
                    write(item, depth + 1, out);
                    out.append('\n');
                }
                out.append("  ".repeat(depth)).append(']');
            }
            case Record r -> {
                Map<String, Object> fields = new TreeMap<>();
                for (RecordComponent component : r.getClass().getRecordComponents()) {
                    try {
                        fields.put(component.getName(), component.getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                out.append(r.getClass().getSimpleName()).append(' ');
                write(fields, depth, out);
            }
            case String s ->
                out.append('"')
                        .append(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                        .append('"');
            default -> out.append(value.getClass().getSimpleName()).append(':').append(value);
        }
    }
}
