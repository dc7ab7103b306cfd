package io.draftnrun.application.components.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rows a read query returned: column labels and rows of cells (each {@code null}, a {@link String}, a
 * {@link Boolean} or a {@link Number}; other database types arrive as their text). {@code truncated} says the row
 * cap cut the result, and {@code note} says so in words the model can read.
 */
public record SqlQueryResult(List<String> columns, List<List<Object>> rows, boolean truncated, Optional<String> note) {
    public SqlQueryResult {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "a row has " + row.size() + " cells for " + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
        Objects.requireNonNull(note, "note");
    }

    public static SqlQueryResult complete(List<String> columns, List<List<Object>> rows) {
        return new SqlQueryResult(columns, rows, false, Optional.empty());
    }

    /** The result as a markdown table, followed by the note when there is one. */
    public String toMarkdown() {
        String table = MarkdownTable.render(columns, rows);
        return note.map(n -> table + "\n\n" + n).orElse(table);
    }
}
