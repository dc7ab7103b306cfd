package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Invalid configuration stops the real executable with one line naming the setting, a non-zero exit and no secret
 * in the output.
 */
class StartupErrorsIT {

    record Outcome(int exit, String stdout, String stderr) {}

    private static Outcome run(Map<String, String> env, String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path dir = Files.createTempDirectory("draftnrun-startup");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                classpath,
                "--enable-native-access=ALL-UNNAMED",
                "io.draftnrun.bootstrap.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ADA_")
                        || k.contains("SECRET")
                        || k.contains("KEY")
                        || k.startsWith("REDIS_")
                        || k.equals("PORT"));
        builder.environment().put("DATA_DIR", dir.resolve("data").toString());
        builder.environment().putAll(env);
        File out = dir.resolve("out.txt").toFile();
        File err = dir.resolve("err.txt").toFile();
        builder.redirectOutput(out).redirectError(err);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process ended").isTrue();
        return new Outcome(
                process.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void serveWithoutTheBackendSecretNamesIt() throws Exception {
        Outcome outcome = run(Map.of("ADA_DB_URL", "postgresql://u:p@127.0.0.1:1/db"), "serve");
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.stderr().strip().lines()).hasSize(1);
        assertThat(outcome.stderr()).contains("BACKEND_SECRET_KEY is required");
    }

    @Test
    void aMalformedDatabaseUrlIsNamedWithoutShowingTheSecret() throws Exception {
        Outcome outcome = run(
                Map.of("BACKEND_SECRET_KEY", "k", "FERNET_KEY", "f", "ADA_DB_URL", "mysql://bob:topsecret@db/x"),
                "serve");
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("ADA_DB_URL").doesNotContain("topsecret");
        assertThat(outcome.stdout() + outcome.stderr()).doesNotContain("topsecret");
    }

    @Test
    void aMalformedAdaUrlIsNamed() throws Exception {
        Outcome outcome = run(Map.of("ADA_URL", "localhost:8000"), "dev");
        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("ADA_URL must be an http(s) URL");
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Outcome outcome = run(Map.of("PORT", Integer.toString(taken.getLocalPort())), "dev");
            assertThat(outcome.exit()).isEqualTo(2);
            assertThat(outcome.stderr().strip())
                    .isEqualTo("draftnrun: port " + taken.getLocalPort()
                            + " on 127.0.0.1 is already in use (set PORT or ADA_URL)");
        }
    }

    @Test
    void anUnknownCommandIsRefused() throws Exception {
        Outcome outcome = run(Map.of(), "fly");
        assertThat(outcome.exit()).isEqualTo(64);
        assertThat(outcome.stderr()).contains("unknown command 'fly'");
    }
}
