package io.draftnrun.adapter.out.jdbc;

/** Reading a customer database failed; the message is safe to show (no password, no URL secret). */
final class DatabaseAccessFailure extends RuntimeException {
    private final boolean timeout;

    DatabaseAccessFailure(String message, boolean timeout) {
        super(message, null, false, false);
        this.timeout = timeout;
    }

    /** The statement ran past its time limit. */
    boolean timeout() {
        return timeout;
    }
}
