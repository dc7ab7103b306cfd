package io.draftnrun.domain.knowledge;

/**
 * What an ingestion of a DATABASE source did with the table's rows: rows new since the last ingestion (inserted),
 * changed (updated: text, metadata or timestamp), removed because they left the table (deleted, with sync enabled),
 * and read but unchanged (nothing embedded again).
 */
public record RowCounts(long inserted, long updated, long deleted, long unchanged) {
    public static final RowCounts NONE = new RowCounts(0, 0, 0, 0);

    public RowCounts {
        if (inserted < 0 || updated < 0 || deleted < 0 || unchanged < 0) {
            throw new IllegalArgumentException("row counts cannot be negative");
        }
    }

    public RowCounts plus(RowCounts other) {
        return new RowCounts(
                inserted + other.inserted,
                updated + other.updated,
                deleted + other.deleted,
                unchanged + other.unchanged);
    }
}
