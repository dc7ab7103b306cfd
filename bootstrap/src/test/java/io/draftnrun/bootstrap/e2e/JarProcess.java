package io.draftnrun.bootstrap.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The built jar ({@code bootstrap/target/draftnrun.jar}, with the production JVM flags of {@code scripts/jvm.flags})
 * started as a separate OS process in a given mode with a given environment, for end-to-end tests of what a process
 * does when it is signalled or killed. It runs in a process group of its own ({@code setsid}), as a command started
 * from a terminal, so a test can signal the group as Ctrl-C does. Its output (both streams) goes to a log file. The
 * environment is the test's own less every configuration variable of the product (so the machine's settings do not
 * leak in), plus what the test gives. {@link #close()} kills the process and its descendants ({@code kill -9}) and
 * then whatever embedded server still runs on its data directory.
 */
public final class JarProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("(?m)^Draft'n run .* is ready$");
    private static final Pattern URL = Pattern.compile("(?m)^\\s*GraphQL:\\s+(http://\\S+)/graphql$");

    private final Process process;
    private final Path log;
    private final Optional<Path> dataDir;
    private URI baseUrl;

    private JarProcess(Process process, Path log, Optional<Path> dataDir) {
        this.process = process;
        this.log = log;
        this.dataDir = dataDir;
    }

    /** The packaged jar (failsafe runs after {@code package}, in the bootstrap module's directory). */
    public static Path jar() {
        return Path.of("target", "draftnrun.jar").toAbsolutePath();
    }

    /** The production JVM flags, as {@code make run} passes them. */
    public static List<String> jvmFlags() {
        try {
            return List.of(Files.readString(Path.of("..", "scripts", "jvm.flags"))
                    .strip()
                    .split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standalone worker's JVM flags ({@code scripts/jvm-worker.flags}), as {@code make run-ingestion-worker}. */
    public static List<String> workerJvmFlags() {
        try {
            return List.of(Files.readString(Path.of("..", "scripts", "jvm-worker.flags"))
                    .strip()
                    .split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the jar and the tools this helper needs ({@code setsid}, {@code kill}) are here. */
    public static Optional<String> unavailableBecause() {
        if (!Files.isRegularFile(jar())) {
            return Optional.of("the jar is not built (" + jar() + "): run mvn verify");
        }
        for (String tool : List.of("setsid", "kill")) {
            if (Stream.of("/usr/bin", "/bin").noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                return Optional.of(tool + " is not installed");
            }
        }
        return Optional.empty();
    }

    public static Builder builder(String mode) {
        return new Builder(List.of(mode));
    }

    /** A command of the shell instead of the jar (e.g. {@code make run}), started the same way. */
    public static Builder command(List<String> command) {
        return new Builder(command, true);
    }

    /** How to start it. */
    public static final class Builder {
        private final List<String> command;
        private final boolean raw;
        private final Map<String, String> env = new HashMap<>();
        private Path workDir;
        private Path logFile;
        private Integer port;
        private List<String> flags;

        private Builder(List<String> arguments) {
            this(arguments, false);
        }

        private Builder(List<String> command, boolean raw) {
            this.command = command;
            this.raw = raw;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** The working directory (and where the log goes); a new temporary one by default. */
        public Builder workDir(Path directory) {
            this.workDir = directory;
            return this;
        }

        /** Where the output goes; {@code process.log} in the working directory by default. */
        public Builder logTo(Path file) {
            this.logFile = file;
            return this;
        }

        /** The API port ({@code PORT}); a free one by default. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The JVM flags instead of {@link #jvmFlags()} (e.g. {@link #workerJvmFlags()}). */
        public Builder jvmFlags(List<String> values) {
            this.flags = List.copyOf(values);
            return this;
        }

        /** Starts the process (it is not ready yet: {@link JarProcess#awaitReady}). */
        public JarProcess start() {
            try {
                Path dir = workDir != null ? workDir : Files.createTempDirectory("draftnrun-jar");
                Files.createDirectories(dir);
                List<String> full = new ArrayList<>();
                full.add("setsid");
                if (raw) {
                    full.addAll(command);
                } else {
                    full.add(ProcessHandle.current().info().command().orElse("java"));
                    full.addAll(flags != null ? flags : JarProcess.jvmFlags());
                    full.add("-jar");
                    full.add(jar().toString());
                    full.addAll(command);
                }
                ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile());
                builder.environment()
                        .keySet()
                        .removeIf(k -> k.startsWith("ADA_")
                                || k.contains("SECRET")
                                || k.contains("KEY")
                                || k.contains("PASSWORD")
                                || k.startsWith("REDIS_")
                                || k.startsWith("QDRANT_")
                                || k.startsWith("S3_")
                                || k.endsWith("_DB_URL")
                                || k.equals("PORT")
                                || k.equals("DATA_DIR"));
                builder.environment().put("PORT", Integer.toString(port != null ? port : freePort()));
                builder.environment().put("BCRYPT_COST", "4");
                builder.environment().putAll(env);
                Path log = logFile != null ? logFile : dir.resolve("process.log");
                Files.deleteIfExists(log);
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
                Optional<Path> data = Optional.ofNullable(builder.environment().get("DATA_DIR"))
                        .map(d -> dir.resolve(d).toAbsolutePath());
                return new JarProcess(builder.start(), log, data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the process prints its ready line (then its base URL is known); fails with its log if it exits or
     * does not get ready within {@code within}.
     */
    public JarProcess awaitReady(Duration within) {
        String url;
        try {
            url = await().atMost(within)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(this::readyUrl, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not ready within " + within + ":\n" + logText(), e);
        }
        baseUrl = URI.create(url);
        return this;
    }

    /** The base URL once the ready line is printed, else null; fails if the process exited before. */
    private String readyUrl() {
        String text = logText();
        if (READY.matcher(text).find()) {
            Matcher url = URL.matcher(text);
            if (url.find()) {
                return url.group(1);
            }
        }
        if (!process.isAlive()) {
            throw new AssertionError("the process exited (" + process.exitValue() + ") before it was ready:\n" + text);
        }
        return null;
    }

    /** Waits until the log has a line matching {@code pattern}; false if it does not come within {@code within}. */
    public boolean awaitLog(Pattern pattern, Duration within) {
        try {
            await().atMost(within)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> pattern.matcher(logText()).find());
            return true;
        } catch (ConditionTimeoutException e) {
            return pattern.matcher(logText()).find();
        }
    }

    public URI baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("not ready yet");
        }
        return baseUrl;
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal ({@code TERM}, {@code INT}, {@code KILL}) to the process only. */
    public void signal(String name) {
        kill("-s", name, Long.toString(pid()));
    }

    /** Sends a signal to the process group (what a terminal does on Ctrl-C with {@code INT}). */
    public void signalGroup(String name) {
        kill("-s", name, "--", "-" + pid());
    }

    /** {@code kill -9} of the process alone: its children (embedded servers, watchdog) are left to their fate. */
    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** {@code kill -9} of the process and every descendant it has. */
    public void kill9Tree() {
        List<ProcessHandle> tree = process.toHandle().descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the process to exit; its exit code, or empty if it still runs after {@code within}. */
    public Optional<Integer> awaitExit(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Processes of this machine whose working directory or command line is under {@code directory}. */
    public static List<ProcessHandle> processesUsing(Path directory) {
        String dir = directory.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> {
                    Path proc = Path.of("/proc", Long.toString(p.pid()));
                    try {
                        if (Files.readSymbolicLink(proc.resolve("cwd"))
                                .toString()
                                .startsWith(dir)) {
                            return true;
                        }
                    } catch (IOException | SecurityException e) {
                        // gone, or not ours to read
                    }
                    try {
                        String cmdline =
                                Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                        String environ = Files.readString(proc.resolve("environ"));
                        return cmdline.contains(dir) || environ.contains("DATA_DIR=" + dir);
                    } catch (IOException | SecurityException | UncheckedIOException e) {
                        return false;
                    }
                })
                .toList();
    }

    /** Kills ({@code -9}) every process still using {@code directory} (a test's leftovers). */
    public static void killProcessesUsing(Path directory) {
        processesUsing(directory).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9Tree();
        }
        dataDir.ifPresent(JarProcess::killProcessesUsing);
    }

    private static void kill(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("kill");
        command.addAll(List.of(arguments));
        try {
            Process kill = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
