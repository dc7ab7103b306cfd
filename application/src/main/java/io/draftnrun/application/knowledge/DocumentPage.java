package io.draftnrun.application.knowledge;

import java.time.Instant;
import java.util.List;

/** A page of a source's documents (files, or rows of a DATABASE source, that have chunks), by name then id. */
public record DocumentPage(List<Entry> entries, boolean hasNextPage) {
    public DocumentPage {
        entries = List.copyOf(entries);
    }

    /** One document: its id (the file id, or the row's document id), name, number of chunks, last write. */
    public record Document(String id, String name, int chunkCount, Instant updatedAt) {}

    public record Entry(String cursor, Document document) {}
}
