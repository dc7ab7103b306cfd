package io.draftnrun.domain.knowledge;

import java.util.Objects;
import java.util.Optional;

/**
 * How one file of a task ended: ingested with its number of chunks, unchanged since an earlier ingestion (nothing
 * re-embedded), or failed with a reason for the user.
 */
public record FileResult(String fileId, String name, Outcome outcome, int chunks, Optional<String> error) {
    public enum Outcome {
        INGESTED,
        UNCHANGED,
        FAILED
    }

    public FileResult {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        error = error == null ? Optional.empty() : error;
        if ((outcome == Outcome.FAILED) != error.isPresent()) {
            throw new IllegalArgumentException("a failed file, and only a failed file, has an error");
        }
    }

    public static FileResult ingested(TaskFile file, int chunks) {
        return new FileResult(file.fileId(), file.name(), Outcome.INGESTED, chunks, Optional.empty());
    }

    public static FileResult unchanged(TaskFile file, int chunks) {
        return new FileResult(file.fileId(), file.name(), Outcome.UNCHANGED, chunks, Optional.empty());
    }

    public static FileResult failed(TaskFile file, String error) {
        return new FileResult(file.fileId(), file.name(), Outcome.FAILED, 0, Optional.of(error));
    }
}
