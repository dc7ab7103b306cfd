package io.draftnrun.application.run;

import io.draftnrun.domain.run.Run;
import java.util.List;
import java.util.Optional;

/** A page of runs (newest first) with the cursor of its last run and whether more follow. */
public record RunPage(List<Run> runs, boolean hasNextPage, Optional<String> endCursor) {
    public RunPage {
        runs = List.copyOf(runs);
        endCursor = endCursor == null ? Optional.empty() : endCursor;
    }
}
