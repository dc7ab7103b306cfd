package io.draftnrun.adapter.out.postgres;

import io.draftnrun.application.shared.port.DataChanges;
import io.draftnrun.application.shared.port.DataChanges.Change.ApiKeyChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.GraphChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.ProjectChanged;
import io.draftnrun.application.shared.port.DataChanges.Change.UserChanged;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.ProjectId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed of data changes from the backend database: one connection of its own, outside the pool, {@code LISTEN}s on
 * {@code draftnrun_changes}, where the database's triggers announce every committed change (migration V6). While that
 * connection is down, listeners are reset and it reconnects every {@code retry}; a connection idle for
 * {@code keepAlive} is checked with a query, so a dead one is noticed. Not usable behind a pooler in transaction
 * mode (no {@code LISTEN} there): set {@code DATA_CACHE_SECONDS=0} then.
 */
public final class PostgresDataChanges implements DataChanges, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDataChanges.class);
    static final String CHANNEL = "draftnrun_changes";

    private final PostgresUrl url;
    private final Duration keepAlive;
    private final Duration retry;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object state = new Object();
    private final Thread thread;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Connection connection;

    public PostgresDataChanges(PostgresUrl url, Duration keepAlive, Duration retry) {
        this.url = url;
        this.keepAlive = keepAlive;
        this.retry = retry;
        this.thread = Thread.ofPlatform().daemon().name("pg-data-changes").unstarted(this::loop);
    }

    /**
     * Also announces the writes made through {@code database}'s jOOQ context as soon as they are committed, before the
     * database's own announcement arrives: a caller who changed something on this instance sees it in its next
     * request. They are announced for their whole topic (which rows were written is not known here).
     */
    public PostgresDataChanges watchingLocalWrites(PostgresDatabase database) {
        database.onCommittedWrites(tables -> {
            for (String table : tables) {
                Change change = switch (table) {
                    case "projects" -> new ProjectChanged(Optional.empty());
                    case "graph_versions" -> new GraphChanged(Optional.empty());
                    case "api_keys" -> new ApiKeyChanged(Optional.empty());
                    case "users", "organization_members" -> new UserChanged(Optional.empty());
                    default -> null;
                };
                if (change != null) {
                    announce(change);
                }
            }
        });
        return this;
    }

    /** Starts listening (in the background: listeners are told once the feed is live). */
    public PostgresDataChanges start() {
        thread.start();
        return this;
    }

    @Override
    public void subscribe(Listener listener) {
        synchronized (state) {
            listeners.add(listener);
            if (live) {
                listener.live();
            }
        }
    }

    /** Whether changes are being announced now. */
    public boolean live() {
        return live;
    }

    private void loop() {
        boolean reported = false;
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                setLive(true);
                if (reported) {
                    LOG.info("listening to data changes again");
                    reported = false;
                }
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications((int) keepAlive.toMillis());
                    if (notifications == null || notifications.length == 0) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT 1");
                        }
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        parse(n.getParameter()).ifPresent(this::announce);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed && !reported) {
                    LOG.warn(
                            "not listening to data changes ({}): what runs look up is read from the database each"
                                    + " time until the connection is back",
                            e.getMessage());
                    reported = true;
                }
            } finally {
                connection = null;
                setLive(false);
            }
            if (!closed) {
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (!url.user().isEmpty()) {
            properties.setProperty("user", url.user());
        }
        if (!url.password().isEmpty()) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("ApplicationName", "draftnrun-changes");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "3");
        Connection c = DriverManager.getConnection(url.jdbcUrl(), properties);
        c.setAutoCommit(true);
        return c;
    }

    private void setLive(boolean now) {
        synchronized (state) {
            if (live == now) {
                return;
            }
            live = now;
            for (Listener l : listeners) {
                try {
                    if (now) {
                        l.live();
                    } else {
                        l.reset();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("a data change listener failed", e);
                }
            }
        }
    }

    private void announce(Change change) {
        for (Listener l : listeners) {
            try {
                l.changed(change);
            } catch (RuntimeException e) {
                LOG.warn("a data change listener failed", e);
            }
        }
    }

    /**
     * The wire format of migration V6's triggers, read here once: {@code <topic>:<key>} or {@code <topic>:*} with
     * topics {@code project} and {@code graph} (key: the project id), {@code key} (the key's hash) and {@code user}
     * (the user id). Empty for a topic this version does not know; a key that is not an id (never written by the
     * triggers) is taken as the whole topic, so nothing stale can be kept.
     */
    static Optional<Change> parse(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String key = payload.substring(colon + 1);
        Optional<String> one = key.equals("*") ? Optional.empty() : Optional.of(key);
        return Optional.ofNullable(
                switch (payload.substring(0, colon)) {
                    case "project" ->
                        new ProjectChanged(
                                one.flatMap(PostgresDataChanges::uuid).map(ProjectId::new));
                    case "graph" ->
                        new GraphChanged(one.flatMap(PostgresDataChanges::uuid).map(ProjectId::new));
                    case "key" -> new ApiKeyChanged(one);
                    case "user" ->
                        new UserChanged(one.flatMap(PostgresDataChanges::uuid).map(UserId::new));
                    default -> null;
                });
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            LOG.warn("a data change announced a malformed id; forgetting its whole topic");
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
