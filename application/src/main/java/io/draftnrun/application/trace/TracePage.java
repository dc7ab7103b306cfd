package io.draftnrun.application.trace;

import java.util.List;

/** A page of root spans, newest first, with each one's opaque cursor and whether more follow. */
public record TracePage(List<Entry> entries, boolean hasNextPage) {
    public TracePage {
        entries = List.copyOf(entries);
    }

    public record Entry(String cursor, StoredSpan root) {}
}
