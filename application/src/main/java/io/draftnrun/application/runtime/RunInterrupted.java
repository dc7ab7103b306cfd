package io.draftnrun.application.runtime;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;

/** Thrown inside a run's components when the run was cancelled or passed its wall-clock limit. */
public final class RunInterrupted extends DomainException {
    /** Why the run stopped. */
    public enum Reason {
        CANCELLED,
        TIMEOUT
    }

    private final Reason reason;

    public RunInterrupted(Reason reason, String message) {
        super(ErrorCode.FAILED_PRECONDITION, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
