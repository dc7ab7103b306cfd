package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.SourceRow;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import java.util.List;
import java.util.Optional;

/**
 * Reads the rows of a database source's table, read-only, one page at a time in id order (keyset paging: each page
 * is one short read-only query, so a big table is never held in memory nor in one long transaction). Identifiers are
 * resolved against the database's own catalog and quoted; values never become SQL text.
 *
 * <p>Errors are {@code DomainException}s whose messages name the table or column but never the URL's credentials:
 * {@code FAILED_PRECONDITION} when the URL is refused, the database cannot be reached, or the table or a column does
 * not exist; {@code VALIDATION} when the URL is not a database URL.
 */
public interface SourceRowReader {
    /** Number of rows of the table now (for progress; rows may come and go while it is read). */
    long count(String databaseUrl, DatabaseSourceSettings table);

    /**
     * Up to {@code limit} rows whose id is greater than {@code after} (from the first row when empty), ordered by id;
     * pass the {@link SourceRow#id()} of the last row of a page to get the next one. Each row holds the text,
     * metadata and timestamp columns of {@code table}.
     */
    List<SourceRow> page(String databaseUrl, DatabaseSourceSettings table, Optional<Object> after, int limit);
}
