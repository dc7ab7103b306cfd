package io.draftnrun.application.project;

import io.draftnrun.domain.project.Project;
import java.util.List;

/** One page of projects with the cursor of each and whether more follow. */
public record ProjectPage(List<Entry> entries, boolean hasNextPage) {
    public ProjectPage {
        entries = List.copyOf(entries);
    }

    /** A project and its opaque cursor. */
    public record Entry(Project project, String cursor) {}
}
