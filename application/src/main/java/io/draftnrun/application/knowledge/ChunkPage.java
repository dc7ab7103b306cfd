package io.draftnrun.application.knowledge;

import java.util.List;

/** A page of a document's chunks, in order. */
public record ChunkPage(List<Entry> entries, boolean hasNextPage) {
    public ChunkPage {
        entries = List.copyOf(entries);
    }

    public record Entry(String cursor, StoredChunk chunk) {}
}
