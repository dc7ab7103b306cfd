package io.draftnrun.application.knowledge;

/** The worker is stopping: the task is left as it is and its job un-acknowledged, to be finished by another worker. */
public final class IngestionInterrupted extends RuntimeException {
    public IngestionInterrupted() {
        super("ingestion interrupted: the worker is stopping", null, false, false);
    }
}
