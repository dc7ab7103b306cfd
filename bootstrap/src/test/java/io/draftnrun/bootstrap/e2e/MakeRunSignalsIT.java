package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on {@code make run}, as a terminal sends it: SIGINT to the whole process group of {@code make} (make, the
 * JVM, and whatever they started in that group), once while the embedded PostgreSQL is still starting and once after
 * the server is ready. Either way nothing is left running: no JVM, no PostgreSQL, no Redis, no watchdog of that data
 * directory. {@code make -o} keeps make from rebuilding the jar the build has just packaged.
 */
class MakeRunSignalsIT {
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        if (dir != null) {
            JarProcess.killProcessesUsing(dir);
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Optional<String> unavailable() {
        Optional<String> missing = JarProcess.unavailableBecause();
        if (missing.isPresent()) {
            return missing;
        }
        if (Stream.of("/usr/bin", "/bin").noneMatch(d -> Files.isExecutable(Path.of(d, "make")))) {
            return Optional.of("make is not installed");
        }
        return Optional.empty();
    }

    private JarProcess makeRun(Path data) {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        return JarProcess.command(List.of("make", "-s", "-o", "bootstrap/target/draftnrun.jar", "run"))
                .workDir(repository)
                .logTo(dir.resolve(data.getFileName() + ".log"))
                .env("DATA_DIR", data.toString())
                .env("ADMIN_USERNAME", Users.ADMIN_EMAIL)
                .env("ADMIN_PASSWORD", Users.ADMIN_PASSWORD)
                .start();
    }

    @Test
    void ctrlCWhileTheEmbeddedServersStartLeavesNoProcessBehind() throws Exception {
        Optional<String> missing = unavailable();
        if (missing.isPresent()) {
            System.out.println("SKIPPED MakeRunSignalsIT: " + missing.get());
            return;
        }
        dir = Files.createTempDirectory("draftnrun-make-run");
        Path data = dir.resolve("starting");
        try (JarProcess make = makeRun(data)) {
            await().atMost(Duration.ofSeconds(120))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(Files.exists(data.resolve("postgres/postmaster.pid")))
                            .as("PostgreSQL starts: %s", make.logText())
                            .isTrue());
            assertThat(make.logText()).doesNotContain("is ready");

            make.signalGroup("INT");

            assertThat(make.awaitExit(Duration.ofSeconds(90)))
                    .as(make.logText())
                    .isPresent();
            assertNothingLeft(data, make);
        }
    }

    @Test
    void ctrlCOnceReadyLeavesNoProcessBehind() throws Exception {
        Optional<String> missing = unavailable();
        if (missing.isPresent()) {
            System.out.println("SKIPPED MakeRunSignalsIT: " + missing.get());
            return;
        }
        dir = Files.createTempDirectory("draftnrun-make-run");
        Path data = dir.resolve("ready");
        try (JarProcess make = makeRun(data)) {
            make.awaitReady(Duration.ofSeconds(180));
            assertThat(JarProcess.processesUsing(data)).hasSizeGreaterThanOrEqualTo(3); // JVM, PostgreSQL, Redis

            make.signalGroup("INT");

            assertThat(make.awaitExit(Duration.ofSeconds(90)))
                    .as(make.logText())
                    .isPresent();
            assertNothingLeft(data, make);
        }
    }

    private static void assertNothingLeft(Path data, JarProcess make) {
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(JarProcess.processesUsing(data).isEmpty())
                        .as(
                                "processes left on %s: %s%n%s",
                                data, describe(JarProcess.processesUsing(data)), make.logText())
                        .isTrue());
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList()
                .toString();
    }
}
