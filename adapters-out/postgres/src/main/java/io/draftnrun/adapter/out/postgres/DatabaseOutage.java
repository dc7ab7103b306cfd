package io.draftnrun.adapter.out.postgres;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * A database that cannot be reached is an outage, not a bug: failures to get a connection (the pool's wait, at most
 * its connection timeout) and connections lost mid-statement become a {@link DomainException} with code
 * {@code UNAVAILABLE} ("the <name> database is unavailable"), which callers answer as such (HTTP 503). Applied to
 * every statement run through jOOQ (an execute listener, and the data source jOOQ gets connections from) and to the
 * prepared statements of {@link HotSql}.
 */
final class DatabaseOutage implements ExecuteListener {
    /** SQLSTATEs of a lost or refused connection: class 08, admin/crash shutdown, cannot connect now, too many. */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private final String name;

    DatabaseOutage(String name) {
        this.name = name;
    }

    @Override
    public void exception(ExecuteContext ctx) {
        RuntimeException e = ctx.exception();
        if (e != null && isOutage(e)) {
            ctx.exception(unavailable(e));
        }
    }

    DomainException unavailable(Throwable cause) {
        return new DomainException(ErrorCode.UNAVAILABLE, "the " + name + " database is unavailable", cause);
    }

    /** {@code e} as an UNAVAILABLE DomainException when it tells of an outage, else itself. */
    RuntimeException translate(RuntimeException e) {
        return isOutage(e) ? unavailable(e) : e;
    }

    static boolean isOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DomainException d) {
                return d.code() == ErrorCode.UNAVAILABLE;
            }
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The pool as jOOQ sees it: a connection that cannot be had within the pool's timeout is an outage. */
    DataSource guard(DataSource pool) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    return pool.getConnection();
                } catch (SQLException e) {
                    if (isOutage(e)) {
                        throw unavailable(e);
                    }
                    throw e;
                }
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return pool.getConnection(user, password);
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return pool.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                pool.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                pool.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return pool.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getLogger("io.draftnrun");
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                return pool.unwrap(type);
            }

            @Override
            public boolean isWrapperFor(Class<?> type) throws SQLException {
                return pool.isWrapperFor(type);
            }
        };
    }
}
