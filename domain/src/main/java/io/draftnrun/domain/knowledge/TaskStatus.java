package io.draftnrun.domain.knowledge;

/** Life of an ingestion task: pending (queued) → in progress → completed or failed. */
public enum TaskStatus {
    PENDING,
    IN_PROGRESS,
    COMPLETED,
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
