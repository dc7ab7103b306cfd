package io.draftnrun.application.knowledge;

import io.draftnrun.domain.knowledge.IngestionTask;
import java.util.List;

/** A page of ingestion tasks, newest first, with each task's cursor and whether more follow. */
public record IngestionTaskPage(List<Entry> entries, boolean hasNextPage) {
    public IngestionTaskPage {
        entries = List.copyOf(entries);
    }

    public record Entry(String cursor, IngestionTask task) {}
}
