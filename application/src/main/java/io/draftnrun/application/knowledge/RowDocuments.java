package io.draftnrun.application.knowledge;

import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.SourceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a row of a database source becomes a document (spec 5.4, database sources, adapted): its text is the text
 * columns' values (alone for one column, else one {@code column: value} line each, empty values left out); its
 * metadata holds {@code table_name}, the id column, the metadata columns and the timestamp column; its document id is
 * derived from the source and the row id, so the row's chunk ids ({@code <document id>_<index>}) are the same on every
 * ingestion; and its content hash covers text and metadata, so a row is embedded again only when one of them (or its
 * timestamp) changed.
 */
final class RowDocuments {
    static final String TABLE_NAME = "table_name";

    private RowDocuments() {}

    /** The document ("file") id of a row: a name-based UUID of source and row id, with a {@code row-} prefix. */
    static String documentId(SourceId source, String rowId) {
        return "row-" + UUID.nameUUIDFromBytes((source + "/row/" + rowId).getBytes(StandardCharsets.UTF_8));
    }

    static String documentName(DatabaseSourceSettings table, String rowId) {
        String name = table.table() + " " + table.idColumn() + "=" + rowId;
        return name.length() > 300 ? name.substring(0, 297) + "..." : name;
    }

    static String text(DatabaseSourceSettings table, SourceRow row) {
        List<String> columns = table.textColumns();
        if (columns.size() == 1) {
            Object value = row.values().get(columns.getFirst());
            return value == null ? "" : String.valueOf(value).strip();
        }
        List<String> lines = new ArrayList<>();
        for (String column : columns) {
            Object value = row.values().get(column);
            if (value != null && !String.valueOf(value).isBlank()) {
                lines.add(column + ": " + String.valueOf(value).strip());
            }
        }
        return String.join("\n", lines);
    }

    static Map<String, Object> metadata(DatabaseSourceSettings table, SourceRow row) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(TABLE_NAME, table.table());
        metadata.put(
                table.idColumn(),
                row.id() instanceof Number n && !(n instanceof Double || n instanceof Float)
                        ? (Object) n.longValue()
                        : row.idText());
        for (String column : table.metadataColumns()) {
            metadata.put(column, row.values().get(column));
        }
        table.timestampColumn()
                .ifPresent(column -> metadata.put(column, row.values().get(column)));
        return Payloads.canonical(metadata);
    }

    /** The fields a row's vector point carries at the top level of its payload. */
    static List<String> payloadFields(DatabaseSourceSettings table) {
        List<String> fields = new ArrayList<>();
        fields.add(TABLE_NAME);
        fields.add(table.idColumn());
        fields.addAll(table.metadataColumns());
        table.timestampColumn().ifPresent(fields::add);
        return fields;
    }

    static String contentHash(String text, Map<String, Object> metadata) {
        return PreparedDocument.sha256((text + "\u0000" + metadata).getBytes(StandardCharsets.UTF_8));
    }
}
