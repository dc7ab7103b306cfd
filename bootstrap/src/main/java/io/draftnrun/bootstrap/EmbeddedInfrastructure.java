package io.draftnrun.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The {@code dev} mode's own servers: a PostgreSQL (zonky binaries) whose data lives under {@code <data>/postgres} and
 * survives restarts, holding the three databases, and a Redis (binary shipped in a jar) with an append-only file under
 * {@code <data>/redis}. Both listen on loopback only, on free ports; {@link #close()} stops them.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    public static final List<String> DATABASES = List.of("backend", "ingestion", "traces");

    private final EmbeddedPostgres postgres;
    private final RedisServer redis;
    private final int redisPort;

    private EmbeddedInfrastructure(EmbeddedPostgres postgres, RedisServer redis, int redisPort) {
        this.postgres = postgres;
        this.redis = redis;
        this.redisPort = redisPort;
    }

    /** Starts PostgreSQL and/or Redis as asked; the caller closes. */
    public static EmbeddedInfrastructure start(Path dataDirectory, boolean withPostgres, boolean withRedis) {
        EmbeddedPostgres pg = null;
        RedisServer redisServer = null;
        int port = 0;
        try {
            if (withPostgres) {
                Path pgData = dataDirectory.resolve("postgres").toAbsolutePath();
                Files.createDirectories(pgData);
                long started = System.nanoTime();
                pg = EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "200")
                        .setPGStartupWait(java.time.Duration.ofSeconds(60))
                        .start();
                createDatabases(pg);
                LOG.info(
                        "embedded PostgreSQL ready on 127.0.0.1:{} (data in {}, {} ms)",
                        pg.getPort(),
                        pgData,
                        (System.nanoTime() - started) / 1_000_000);
            }
            if (withRedis) {
                Path redisData = dataDirectory.resolve("redis").toAbsolutePath();
                Files.createDirectories(redisData);
                port = freePort();
                redisServer = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("dir " + redisData)
                        .setting("appendonly yes")
                        .setting("save \"\"")
                        .setting("protected-mode yes")
                        .onShutdownForceStop(true)
                        .build();
                redisServer.start();
                LOG.info("embedded Redis ready on 127.0.0.1:{} (data in {})", port, redisData);
            }
            return new EmbeddedInfrastructure(pg, redisServer, port);
        } catch (IOException | RuntimeException e) {
            closeQuietly(pg, redisServer);
            throw new ConfigException("could not start the embedded servers: " + e.getMessage());
        }
    }

    private static void createDatabases(EmbeddedPostgres pg) {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            for (String name : DATABASES) {
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (!rs.next()) {
                        s.execute("CREATE DATABASE " + name);
                        LOG.info("created database {}", name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the embedded databases: " + e.getMessage(), e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public boolean hasPostgres() {
        return postgres != null;
    }

    public boolean hasRedis() {
        return redis != null;
    }

    /** A URL of one of the three databases, in the reference's form. */
    public String databaseUrl(String database) {
        return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public int postgresPort() {
        return postgres.getPort();
    }

    public int redisPort() {
        return redisPort;
    }

    @Override
    public void close() {
        closeQuietly(postgres, redis);
    }

    private static void closeQuietly(EmbeddedPostgres pg, RedisServer redisServer) {
        if (redisServer != null) {
            try {
                redisServer.stop();
                LOG.info("embedded Redis stopped");
            } catch (IOException | RuntimeException e) {
                LOG.warn("embedded Redis did not stop cleanly: {}", e.getMessage());
            }
        }
        if (pg != null) {
            try {
                pg.close();
                LOG.info("embedded PostgreSQL stopped");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
