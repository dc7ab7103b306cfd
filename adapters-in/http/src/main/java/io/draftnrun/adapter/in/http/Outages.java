package io.draftnrun.adapter.in.http;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Recognises an outage in an error an adapter did not translate (the adapters turn what they know into
 * {@code UNAVAILABLE} themselves): a lost or refused database connection, an unreachable host, a Redis client that
 * cannot connect or times out. Such an error is answered {@code UNAVAILABLE} (HTTP 503), never {@code INTERNAL}.
 */
public final class Outages {
    private Outages() {}

    public static boolean isOutage(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof DomainException d) {
                return d.code() == ErrorCode.UNAVAILABLE;
            }
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            // the Redis client's own exceptions, by name: this adapter does not depend on that library
            String name = t.getClass().getName();
            if (name.startsWith("org.redisson.client.")
                    && (name.endsWith("ConnectionException") || name.endsWith("TimeoutException"))) {
                return true;
            }
        }
        return false;
    }

    /** The error as an UNAVAILABLE DomainException if it is an outage (keeping its message when it was one). */
    public static DomainException unavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DomainException d && d.code() == ErrorCode.UNAVAILABLE) {
                return d;
            }
        }
        return new DomainException(
                ErrorCode.UNAVAILABLE, "a service the server needs is unavailable; try again", error);
    }
}
