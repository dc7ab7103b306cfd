package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How ingestion tells failures apart: an outage ({@code UNAVAILABLE}) leaves the job for a retry, anything else is
 * deterministic and ends the file (or the task) with a reason a user can read (ADR 0017).
 */
final class IngestionFailures {
    private IngestionFailures() {}

    /**
     * An outage (a store or model service unavailable, as the adapters report it): the job is left for a retry. Every
     * other failure is deterministic and is never retried.
     */
    static boolean isTransient(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof DomainException d) {
                return d.code() == ErrorCode.UNAVAILABLE;
            }
        }
        return false;
    }

    /** A reason for the user: the message of a domain error, else only the kind of error (no internals). */
    static String reasonOf(Throwable error) {
        if (error instanceof FileFailure failure) {
            return failure.getMessage();
        }
        if (error instanceof DomainException d
                && d.getMessage() != null
                && !d.getMessage().isBlank()) {
            return d.getMessage();
        }
        return "an unexpected error (" + error.getClass().getSimpleName() + ")";
    }

    /** A deterministic failure of one stage of one document (store, embed, index). */
    static final class FileFailure extends RuntimeException {
        FileFailure(String stage, RuntimeException cause) {
            super(stage + " failed: " + reasonOf(cause), cause);
        }
    }

    /** Runs one stage of a document's ingestion; a deterministic failure becomes a {@link FileFailure}. */
    static <T> T stage(String stage, Supplier<T> action) {
        try {
            return action.get();
        } catch (IngestionInterrupted | FileFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            throw new FileFailure(stage, e);
        }
    }

    /** Throws {@link IngestionInterrupted} when the worker is stopping. */
    static void checkStop(BooleanSupplier stop) {
        if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new IngestionInterrupted();
        }
    }
}
