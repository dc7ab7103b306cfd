package io.draftnrun.application.knowledge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a database source: its id as the database returned it (to ask for the next page) and the values of the
 * text, metadata and timestamp columns by column name as the source names them. Values are {@code null},
 * {@code String}, {@code Boolean}, {@code Long} or {@code Double} (other types arrive as their text).
 */
public record SourceRow(Object id, Map<String, Object> values) {
    public SourceRow {
        Objects.requireNonNull(id, "id");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The id as text: what identifies the row's chunks. */
    public String idText() {
        return String.valueOf(id);
    }
}
