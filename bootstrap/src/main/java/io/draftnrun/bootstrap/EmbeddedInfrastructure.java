package io.draftnrun.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The {@code dev} mode's own servers: a PostgreSQL (zonky binaries) whose data lives under {@code <data>/postgres} and
 * survives restarts, holding the three databases, and a Redis (binary shipped in a jar) with an append-only file under
 * {@code <data>/redis}. Both listen on loopback only and require the passwords kept in {@code dev-secrets.env}
 * ({@link DevSecrets}); PostgreSQL keeps its port across restarts while that port is free ({@code <data>/embedded.ports}).
 *
 * <p>Crash safety: the data directory is locked by this JVM ({@code <data>/draftnrun.lock}, a file lock the OS
 * releases when the process dies, however it dies), so a second process on it stops at once naming the first one. At
 * start, a PostgreSQL or Redis left running by an earlier process of the same data directory (found from
 * {@code postmaster.pid} and {@code redis.pid}, and recognised as ours from {@code /proc}: its binary and its working
 * directory, which both servers set to their data directory) is stopped before starting cleanly. While the JVM runs,
 * a server that dies is restarted on the same port. A watchdog ({@code /bin/sh} reading a pipe from this JVM) stops
 * both servers when the JVM dies without closing them ({@code kill -9}, OOM kill): the pipe's end is the JVM's death,
 * with no polling. {@link #close()} stops everything.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    public static final List<String> DATABASES = List.of("backend", "ingestion", "traces");
    static final String LOCK_FILE = "draftnrun.lock";
    private static final String OWNER_FILE = "draftnrun.owner";
    private static final String PORTS_FILE = "embedded.ports";

    /** The passwords the embedded servers require (generated once per data directory, see {@link DevSecrets}). */
    public record Passwords(String postgres, String redis) {}

    private final Path data;
    private final Passwords passwords;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Object serversLock = new Object();
    private volatile EmbeddedPostgres postgres;
    private volatile RedisServer redis;
    private final int postgresPort;
    private final int redisPort;
    private Process watchdog;
    private ScheduledExecutorService monitor;
    private Thread stopping;
    private volatile boolean closing;

    private EmbeddedInfrastructure(
            Path data, Passwords passwords, FileChannel lockChannel, FileLock lock, int pgPort, int redisPort) {
        this.data = data;
        this.passwords = passwords;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgresPort = pgPort;
        this.redisPort = redisPort;
    }

    /** Starts PostgreSQL and/or Redis as asked, with the passwords of the data directory; the caller closes. */
    public static EmbeddedInfrastructure start(Path dataDirectory, boolean withPostgres, boolean withRedis) {
        Path data = dataDirectory.toAbsolutePath();
        return start(data, withPostgres, withRedis, DevSecrets.embeddedPasswords(data));
    }

    /** Starts PostgreSQL and/or Redis as asked, requiring {@code passwords}; the caller closes. */
    public static EmbeddedInfrastructure start(
            Path dataDirectory, boolean withPostgres, boolean withRedis, Passwords passwords) {
        Path data = dataDirectory.toAbsolutePath();
        FileChannel channel = null;
        FileLock lock;
        try {
            Files.createDirectories(data);
            channel = FileChannel.open(data.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM (another start on the same directory)
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConfigException("cannot lock the data directory " + data + ": " + e.getMessage());
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new ConfigException("draftnrun dev is already running on " + data + " (" + owner(data) + ")");
        }
        writeOwner(data, Optional.empty());
        Properties ports = readPorts(data);
        int pgPort = 0;
        int rPort = 0;
        try {
            // first the servers an earlier process left: they hold the ports this start wants back
            if (withPostgres) {
                Files.createDirectories(data.resolve("postgres"));
                stopLeftover(
                        "PostgreSQL", data.resolve("postgres/postmaster.pid"), data.resolve("postgres"), "postgres");
            }
            if (withRedis) {
                Files.createDirectories(data.resolve("redis"));
                stopLeftover("Redis", data.resolve("redis/redis.pid"), data.resolve("redis"), "redis-server");
            }
            if (withPostgres) {
                pgPort = portFor(ports, "postgres");
            }
            if (withRedis) {
                rPort = portFor(ports, "redis");
            }
            writePorts(data, ports);
        } catch (IOException e) {
            releaseQuietly(lock, channel);
            throw new ConfigException("could not prepare the embedded servers: " + e.getMessage());
        }
        EmbeddedInfrastructure embedded = new EmbeddedInfrastructure(data, passwords, channel, lock, pgPort, rPort);
        try {
            if (withPostgres) {
                embedded.startPostgres();
            }
            if (withRedis) {
                embedded.startRedis();
            }
            embedded.startWatchdog();
            embedded.startMonitor();
            return embedded;
        } catch (RuntimeException e) {
            embedded.close();
            throw e instanceof ConfigException c
                    ? c
                    : new ConfigException("could not start the embedded servers: " + e.getMessage());
        }
    }

    /** Records the API's port beside the lock, for the message a second process on the same data gets. */
    public void announce(int apiPort) {
        writeOwner(data, Optional.of(apiPort));
    }

    // ---------------------------------------------------------------- PostgreSQL

    private Path pgData() {
        return data.resolve("postgres");
    }

    private void startPostgres() {
        Path pgData = pgData();
        try {
            Files.createDirectories(pgData);
            boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
            Path pwfile = null;
            long started = System.nanoTime();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(postgresPort)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setConnectConfig("password", passwords.postgres())
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (fresh) {
                // the superuser gets its password at initdb, and every connection must give it from the first start
                pwfile = Files.createTempFile(data, "pg-password", ".tmp");
                Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(pwfile, passwords.postgres() + "\n");
                builder.setLocaleConfig("pwfile", pwfile.toString()).setLocaleConfig("auth", "scram-sha-256");
            }
            EmbeddedPostgres pg;
            try {
                pg = builder.start();
            } finally {
                if (pwfile != null) {
                    Files.deleteIfExists(pwfile);
                }
            }
            requirePassword(pg, pgData);
            createDatabases(pg);
            postgres = pg;
            LOG.info(
                    "embedded PostgreSQL ready on 127.0.0.1:{} (data in {}, {} ms)",
                    pgPort(),
                    pgData,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | SQLException | RuntimeException e) {
            throw new ConfigException("could not start the embedded PostgreSQL (data in " + pgData + ", port "
                    + postgresPort + "): " + rootMessage(e));
        }
    }

    /**
     * A data directory created before passwords were required (trust authentication) gets the superuser's password,
     * then an authentication file that requires it, applied at once.
     */
    private void requirePassword(EmbeddedPostgres pg, Path pgData) throws IOException, SQLException {
        Path hba = pgData.resolve("pg_hba.conf");
        boolean trusting = Files.readAllLines(hba).stream()
                .map(String::strip)
                .anyMatch(l -> !l.startsWith("#") && l.matches(".*\\btrust\\s*$"));
        if (!trusting) {
            return;
        }
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE postgres PASSWORD '" + passwords.postgres().replace("'", "''") + "'");
            Files.writeString(
                    hba,
                    "# written by draftnrun dev: every connection needs the password kept in dev-secrets.env\n"
                            + "local all all scram-sha-256\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n"
                            + "host all all ::1/128 scram-sha-256\n");
            try (ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
                rs.next();
            }
        }
        LOG.info("the embedded PostgreSQL now requires a password (data directory created without one)");
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

    // ---------------------------------------------------------------- Redis

    private Path redisData() {
        return data.resolve("redis");
    }

    private void startRedis() {
        Path redisData = redisData();
        if (shuttingDown()) {
            throw new ConfigException("stopped while starting");
        }
        try {
            Files.createDirectories(redisData);
            RedisServer server = RedisServer.newRedisServer()
                    .port(redisPort)
                    .bind("127.0.0.1")
                    .setting("dir " + redisData)
                    .setting("pidfile " + redisData.resolve("redis.pid"))
                    .setting("appendonly yes")
                    .setting("save \"\"")
                    .setting("protected-mode yes")
                    .setting("requirepass " + passwords.redis())
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            redis = server;
            LOG.info("embedded Redis ready on 127.0.0.1:{} (data in {})", redisPort, redisData);
        } catch (IOException | RuntimeException e) {
            // the library starts the process before it registers its shutdown hook, which fails once the JVM stops
            stopChildren("redis-server", "--port " + redisPort);
            throw new ConfigException("could not start the embedded Redis (data in " + redisData + ", port " + redisPort
                    + "): " + rootMessage(e));
        }
    }

    // ---------------------------------------------------------------- left-overs, watchdog, monitor

    /**
     * Stops a server an earlier process of this data directory left running: the process named by {@code pidFile},
     * if it runs {@code binary} with {@code directory} as its working directory (read from /proc; elsewhere nothing
     * is recognised and nothing is stopped). A pid file naming any other process is stale and removed.
     */
    private static void stopLeftover(String what, Path pidFile, Path directory, String binary) throws IOException {
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isServerOf(pid.get(), directory, binary)) {
            if (process.isPresent()) {
                Files.deleteIfExists(pidFile); // a recycled pid: the file is stale
            }
            return;
        }
        System.out.println("found the embedded " + what + " of an earlier run still running on " + directory + " (pid "
                + pid.get() + "): stopping it, then starting cleanly");
        LOG.info("stopping the embedded {} left by an earlier process (pid {})", what, pid.get());
        ProcessHandle handle = process.get();
        handle.destroy(); // SIGTERM: PostgreSQL's smart shutdown (the old clients are gone), Redis saves and exits
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                throw new IOException("the " + what + " left running (pid " + pid.get() + ") does not stop");
            }
        }
    }

    /** Whether the JVM is stopping (shutdown hooks can no longer be added then). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Kills the children of this JVM running {@code binary} with {@code argument} on their command line. */
    private static void stopChildren(String binary, String argument) {
        ProcessHandle.current().children().forEach(child -> {
            String command = child.info().commandLine().orElse("");
            String exe = child.info()
                    .command()
                    .map(c -> Path.of(c).getFileName().toString())
                    .orElse("");
            if (exe.startsWith(binary) && command.contains(argument)) {
                child.destroyForcibly();
            }
        });
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the process runs {@code binary} (its file name starts so) in {@code directory}, as /proc tells. */
    static boolean isServerOf(long pid, Path directory, String binary) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            Path exe = Files.readSymbolicLink(proc.resolve("exe"));
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            return exe.getFileName().toString().startsWith(binary)
                    && cwd.toRealPath().equals(directory.toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * A {@code /bin/sh} that waits on a pipe from this JVM: the pipe ends when the JVM ends, however it ends, and the
     * shell then stops whichever of our servers still runs (checked with /proc as at start, so a recycled pid is never
     * signalled). It ignores Ctrl-C and termination signals, which the JVM handles itself.
     */
    private void startWatchdog() {
        if (!Files.isExecutable(Path.of("/bin/sh")) || !Files.isDirectory(Path.of("/proc/self"))) {
            return; // not Linux: the next start stops what this process leaves
        }
        String script = """
                trap '' INT TERM HUP
                read -r _
                stop() { [ -f "$1" ] || return 0; p=$(head -n 1 "$1"); [ -n "$p" ] || return 0
                  [ "$(readlink /proc/$p/cwd)" = "$2" ] || return 0
                  case "$(readlink /proc/$p/exe)" in */$3*) kill -$4 "$p" 2>/dev/null ;; esac; }
                stop "$PGDATA/postmaster.pid" "$PGDATA" postgres INT
                stop "$REDISDATA/redis.pid" "$REDISDATA" redis-server TERM
                """;
        try {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PGDATA", realOrSame(pgData()));
            builder.environment().put("REDISDATA", realOrSame(redisData()));
            watchdog = builder.start();
        } catch (IOException e) {
            LOG.warn(
                    "no watchdog for the embedded servers ({}): a crash leaves them to the next start", e.getMessage());
        }
    }

    private static String realOrSame(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    /** Restarts a server that died (on the same port, so the pools and Redis clients reconnect by themselves). */
    private void startMonitor() {
        // a stopping JVM (Ctrl-C reaches Redis too, in the same process group) must not start servers again
        stopping = new Thread(() -> closing = true, "embedded-stopping");
        Runtime.getRuntime().addShutdownHook(stopping);
        monitor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("embedded-monitor").factory());
        monitor.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    private void check() {
        synchronized (serversLock) {
            if (closing) {
                return;
            }
            try {
                if (postgres != null && !alive(pgData().resolve("postmaster.pid"))) {
                    LOG.warn("the embedded PostgreSQL stopped unexpectedly: restarting it on port {}", postgresPort);
                    EmbeddedPostgres dead = postgres;
                    postgres = null;
                    closePostgres(dead, true);
                    startPostgres();
                }
                if (redis != null && !alive(redisData().resolve("redis.pid"))) {
                    LOG.warn("the embedded Redis stopped unexpectedly: restarting it on port {}", redisPort);
                    RedisServer dead = redis;
                    redis = null;
                    closeRedis(dead, true);
                    startRedis();
                }
            } catch (RuntimeException e) {
                LOG.warn("restarting an embedded server failed (tried again in a second): {}", e.getMessage());
            }
        }
    }

    private static boolean alive(Path pidFile) {
        return readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    // ---------------------------------------------------------------- ports and owner

    private static int portFor(Properties ports, String server) throws IOException {
        String remembered = ports.getProperty(server + ".port");
        if (remembered != null) {
            try {
                int port = Integer.parseInt(remembered.strip());
                if (isFree(port)) {
                    return port;
                }
                LOG.info("port {} of the embedded {} is taken: choosing another", port, server);
            } catch (NumberFormatException ignored) {
                // chosen again below
            }
        }
        int port = freePort();
        ports.setProperty(server + ".port", Integer.toString(port));
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Properties readPorts(Path data) {
        Properties p = new Properties();
        Path file = data.resolve(PORTS_FILE);
        if (Files.isRegularFile(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                LOG.debug("cannot read {}: {}", file, e.getMessage());
            }
        }
        return p;
    }

    private static void writePorts(Path data, Properties ports) throws IOException {
        try (OutputStream out = Files.newOutputStream(data.resolve(PORTS_FILE))) {
            ports.store(out, "ports of the embedded servers, kept across restarts while free");
        }
    }

    private static void writeOwner(Path data, Optional<Integer> apiPort) {
        try {
            Files.writeString(
                    data.resolve(OWNER_FILE),
                    "pid=" + ProcessHandle.current().pid() + "\n"
                            + apiPort.map(p -> "port=" + p + "\n").orElse(""));
        } catch (IOException e) {
            LOG.debug("cannot write {}: {}", OWNER_FILE, e.getMessage());
        }
    }

    /** "pid N, port P" of the process holding the data directory, as it recorded them. */
    private static String owner(Path data) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(data.resolve(OWNER_FILE))) {
            p.load(in);
        } catch (IOException e) {
            return "pid unknown";
        }
        List<String> parts = new ArrayList<>();
        parts.add("pid " + p.getProperty("pid", "unknown"));
        if (p.getProperty("port") != null) {
            parts.add("port " + p.getProperty("port"));
        }
        return String.join(", ", parts);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    // ---------------------------------------------------------------- accessors

    public boolean hasPostgres() {
        return postgresPort != 0;
    }

    public boolean hasRedis() {
        return redisPort != 0;
    }

    private int pgPort() {
        return postgresPort;
    }

    /** A URL of one of the three databases, in the reference's form (with the password). */
    public String databaseUrl(String database) {
        return "postgresql://postgres:" + java.net.URLEncoder.encode(passwords.postgres(), StandardCharsets.UTF_8)
                + "@127.0.0.1:" + postgresPort + "/" + database;
    }

    public int postgresPort() {
        return postgresPort;
    }

    public int redisPort() {
        return redisPort;
    }

    public Passwords passwords() {
        return passwords;
    }

    /**
     * Stops the embedded PostgreSQL and keeps it stopped until {@link #resumePostgres()} (an outage, for tests); the
     * monitor does not restart it meanwhile.
     */
    public void suspendPostgres() {
        synchronized (serversLock) {
            EmbeddedPostgres pg = postgres;
            postgres = null;
            closePostgres(pg, false);
        }
    }

    /** Starts the PostgreSQL {@link #suspendPostgres()} stopped, on the same port. */
    public void resumePostgres() {
        synchronized (serversLock) {
            if (postgres == null) {
                startPostgres();
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        if (monitor != null) {
            monitor.shutdownNow();
        }
        synchronized (serversLock) {
            closeRedis(redis, false);
            redis = null;
            closePostgres(postgres, false);
            postgres = null;
        }
        if (watchdog != null) {
            try {
                watchdog.getOutputStream().close(); // its end of the pipe: it checks (nothing runs) and exits
            } catch (IOException e) {
                watchdog.destroyForcibly();
            }
        }
        if (stopping != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopping);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        releaseQuietly(lock, lockChannel);
    }

    private static void closeRedis(RedisServer server, boolean dead) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
            if (!dead) {
                LOG.info("embedded Redis stopped");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("embedded Redis did not stop cleanly: {}", e.getMessage());
        }
    }

    private static void closePostgres(EmbeddedPostgres pg, boolean dead) {
        if (pg == null) {
            return;
        }
        try {
            pg.close(); // pg_ctl stop (fails harmlessly when it died), releases zonky's own lock
            if (!dead) {
                LOG.info("embedded PostgreSQL stopped");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }

    private static void releaseQuietly(FileLock lock, FileChannel channel) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = message + ": " + t.getMessage();
                break;
            }
        }
        return message;
    }
}
