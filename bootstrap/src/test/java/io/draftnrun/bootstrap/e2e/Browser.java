package io.draftnrun.bootstrap.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real headless Chromium driven through chromedriver's W3C WebDriver HTTP API (no extra library). Missing
 * binaries skip the test with a printed reason on a developer machine and fail it in CI ({@code CI=true}), where
 * {@code .ci/run} installs them.
 */
final class Browser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process driver;
    private final URI endpoint;
    private final String session;

    private Browser(Process driver, URI endpoint, String session) {
        this.driver = driver;
        this.endpoint = endpoint;
        this.session = session;
    }

    static Browser start() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path chromedriver = Path.of("/usr/bin/chromedriver");
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium and chromedriver are required in CI (.ci/run installs them)");
        }
        if (!present) {
            System.out.println("SKIPPED browser test: install chromium and chromium-driver to run it");
        }
        assumeTrue(
                present, "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process driver = new ProcessBuilder(chromedriver.toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        waitUntil(
                () -> {
                    try {
                        return call("GET", endpoint.resolve("/status"), null)
                                .path("value")
                                .path("ready")
                                .asBoolean();
                    } catch (IOException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(20),
                "chromedriver to start");
        Path profile = Files.createTempDirectory("chromium-profile");
        Map<String, Object> capabilities = Map.of(
                "capabilities",
                Map.of(
                        "alwaysMatch",
                        Map.of(
                                "browserName",
                                "chrome",
                                "goog:chromeOptions",
                                Map.of(
                                        "binary", chromium.toString(),
                                        "args",
                                                List.of(
                                                        "--headless=new",
                                                        "--no-sandbox",
                                                        "--disable-gpu",
                                                        "--disable-quic",
                                                        "--no-first-run",
                                                        "--disable-background-networking",
                                                        "--disable-component-update",
                                                        "--disable-sync",
                                                        "--disable-dev-shm-usage",
                                                        "--window-size=1280,900",
                                                        "--user-data-dir=" + profile)))));
        JsonNode created = call("POST", endpoint.resolve("/session"), capabilities);
        String session = created.path("value").path("sessionId").asText();
        if (session.isEmpty()) {
            driver.destroyForcibly();
            throw new IllegalStateException("no WebDriver session: " + created);
        }
        return new Browser(driver, endpoint, session);
    }

    void open(URI page) throws IOException {
        command("POST", "/url", Map.of("url", page.toString()));
    }

    /** Runs JavaScript in the page and returns its result. */
    JsonNode script(String body) throws IOException {
        return command("POST", "/execute/sync", Map.of("script", body, "args", List.of()))
                .path("value");
    }

    void click(String cssSelector) throws IOException {
        JsonNode element = command("POST", "/element", Map.of("using", "css selector", "value", cssSelector))
                .path("value");
        String id = element.elements().next().asText();
        command("POST", "/element/" + id + "/click", Map.of());
    }

    /** Polls the page's text content until it matches, or fails with the last text seen. */
    String awaitText(String cssSelector, Predicate<String> condition, Duration timeout) throws IOException {
        try {
            return await().atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> text(cssSelector), condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("'" + cssSelector + "' never matched; last text: " + text(cssSelector), e);
        }
    }

    private String text(String cssSelector) throws IOException {
        return script("const e = document.querySelector(" + JSON.writeValueAsString(cssSelector)
                        + "); return e ? e.innerText : '';")
                .asText();
    }

    private JsonNode command(String method, String path, Object body) throws IOException {
        JsonNode response = call(method, endpoint.resolve("/session/" + session + path), body);
        if (response.path("value").has("error")) {
            throw new IOException("WebDriver " + path + ": " + response.path("value"));
        }
        return response;
    }

    private static JsonNode call(String method, URI uri, Object body) throws IOException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            return JSON.readTree(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString())
                    .body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        await(what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    @Override
    public void close() {
        try {
            call("DELETE", endpoint.resolve("/session/" + session), null);
        } catch (IOException ignored) {
            // the driver is killed below anyway
        }
        driver.destroy();
    }
}
