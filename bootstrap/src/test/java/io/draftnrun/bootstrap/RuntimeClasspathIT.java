package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Boots {@code dev} on exactly the runtime classpath the jar ships (not the test classpath, which has more), so a
 * dependency demoted to test scope breaks this test instead of {@code make run}.
 */
class RuntimeClasspathIT {
    @Test
    void theServerStartsOnTheJarsOwnClasspathAndAnswers() throws Exception {
        Path target = Path.of("target");
        String runtime = Files.readString(target.resolve("runtime-classpath.txt"), StandardCharsets.UTF_8)
                .trim();
        String classpath = target.resolve("classes").toAbsolutePath() + File.pathSeparator + runtime;
        Path dir = Files.createTempDirectory("draftnrun-runtime-cp");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "--enable-native-access=ALL-UNNAMED",
                        "--add-modules",
                        "jdk.incubator.vector",
                        "-cp",
                        classpath,
                        "io.draftnrun.bootstrap.Main",
                        "dev"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ADA_") || k.startsWith("REDIS_"));
        builder.environment().put("DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("BCRYPT_COST", "4");
        Process process = builder.start();
        try {
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            HttpClient http = HttpClient.newHttpClient();
            int status;
            try {
                // -1 once the process exited: no use waiting longer
                status = await().atMost(Duration.ofSeconds(120))
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> process.isAlive() ? health(http, health) : -1, s -> s == 200 || s == -1);
            } catch (ConditionTimeoutException e) {
                status = 0;
            }
            assertThat(status)
                    .as(
                            "health of the server started on the runtime classpath; its output:%n%s",
                            Files.readString(dir.resolve("out.txt")))
                    .isEqualTo(200);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The status of GET /health; 0 while the server is not listening yet. */
    private static int health(HttpClient http, URI health) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException notYet) {
            return 0;
        }
    }
}
