package io.draftnrun.domain.knowledge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the rows of a database source come from: the organization secret holding the JDBC URL (never the URL itself),
 * the table, its id column, the columns joined into the chunk text, the columns kept as metadata, an optional
 * last-modified column, and whether later ingestions sync changed and deleted rows.
 */
public record DatabaseSourceSettings(
        String urlSecretKey,
        String table,
        String idColumn,
        List<String> textColumns,
        List<String> metadataColumns,
        Optional<String> timestampColumn,
        boolean syncEnabled) {
    private static final Pattern IDENTIFIER =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");

    public DatabaseSourceSettings {
        if (urlSecretKey == null || urlSecretKey.isBlank()) {
            throw new IllegalArgumentException("a database source needs the organization secret holding its JDBC URL");
        }
        requireIdentifier("table", table);
        requireIdentifier("id column", idColumn);
        textColumns = List.copyOf(Objects.requireNonNull(textColumns, "textColumns"));
        if (textColumns.isEmpty()) {
            throw new IllegalArgumentException("a database source needs at least one text column");
        }
        textColumns.forEach(c -> requireIdentifier("text column", c));
        metadataColumns = List.copyOf(metadataColumns == null ? List.of() : metadataColumns);
        metadataColumns.forEach(c -> requireIdentifier("metadata column", c));
        timestampColumn = timestampColumn == null ? Optional.empty() : timestampColumn.filter(c -> !c.isBlank());
        timestampColumn.ifPresent(c -> requireIdentifier("timestamp column", c));
    }

    private static void requireIdentifier(String what, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + value + "' is not a plain SQL identifier (letters, digits, '_', optional schema.)");
        }
    }
}
