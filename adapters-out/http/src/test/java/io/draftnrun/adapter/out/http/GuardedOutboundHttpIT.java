package io.draftnrun.adapter.out.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.application.components.tools.HttpMethod;
import io.draftnrun.application.components.tools.OutboundHttpOutcome;
import io.draftnrun.application.components.tools.OutboundHttpRequest;
import io.draftnrun.application.components.tools.OutboundHttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GuardedOutboundHttpIT {
    private static HttpServer server;
    private static HttpServer other;
    private static String base;
    private static String otherBase;
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static GuardedOutboundHttp allowLocal;
    private static GuardedOutboundHttp strict;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/echo", GuardedOutboundHttpIT::echo);
        server.createContext("/missing", e -> reply(e, 404, "application/json", "{\"detail\":\"not found\"}"));
        server.createContext("/boom", e -> reply(e, 500, "text/plain", "internal error"));
        server.createContext("/text", e -> reply(e, 200, "text/plain; charset=utf-8", "plain text, not JSON: été"));
        server.createContext("/big", e -> reply(e, 200, "text/plain", "x".repeat(5_000)));
        server.createContext("/slow", e -> {
            try {
                NEVER.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            reply(e, 200, "text/plain", "late");
        });
        server.createContext("/to-metadata", e -> redirect(e, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-ipv6-loopback", e -> redirect(e, "http://[::1]:" + port(server) + "/echo"));
        server.createContext("/to-echo", e -> redirect(e, "/echo?from=redirect"));
        server.createContext("/to-other", e -> redirect(e, otherBase + "/echo"));
        server.createContext("/loop", e -> redirect(e, "/loop"));
        server.start();
        other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/echo", GuardedOutboundHttpIT::echo);
        other.start();
        base = "http://127.0.0.1:" + port(server);
        otherBase = "http://127.0.0.1:" + port(other);
        allowLocal = new GuardedOutboundHttp(
                new GuardedOutboundHttp.Options(List.of("127.0.0.1", "api.internal"), 5, 1_000),
                GuardedOutboundHttpIT::fakeDns);
        strict = new GuardedOutboundHttp(GuardedOutboundHttp.Options.fromAllowList(""), GuardedOutboundHttpIT::fakeDns);
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        allowLocal.close();
        strict.close();
        server.stop(0);
        other.stop(0);
    }

    /** A name server for the tests: a few names, and the literal addresses as the system resolver reads them. */
    private static InetAddress[] fakeDns(String host) throws UnknownHostException {
        return switch (host) {
            case "api.internal", "evil.example" -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            case "mixed.example" ->
                new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1")};
            default -> InetAddress.getAllByName(host);
        };
    }

    private static int port(HttpServer s) {
        return s.getAddress().getPort();
    }

    private static void echo(HttpExchange e) throws IOException {
        String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String json = "{\"method\":\"" + e.getRequestMethod() + "\",\"query\":\""
                + e.getRequestURI().getRawQuery()
                + "\",\"contentType\":\"" + e.getRequestHeaders().getFirst("Content-Type") + "\",\"authorization\":\""
                + e.getRequestHeaders().getFirst("Authorization") + "\",\"body\":" + (body.isEmpty() ? "null" : body)
                + "}";
        reply(e, 200, "application/json", json);
    }

    private static void reply(HttpExchange e, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", contentType);
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

    private static void redirect(HttpExchange e, String location) throws IOException {
        e.getResponseHeaders().add("Location", location);
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    private static OutboundHttpResponse received(OutboundHttpOutcome outcome) {
        assertThat(outcome).isInstanceOf(OutboundHttpOutcome.Received.class);
        return ((OutboundHttpOutcome.Received) outcome).response();
    }

    private static String refusal(OutboundHttpOutcome outcome) {
        assertThat(outcome).isInstanceOf(OutboundHttpOutcome.Refused.class);
        return ((OutboundHttpOutcome.Refused) outcome).reason();
    }

    @Test
    void getSendsQueryParameters() {
        OutboundHttpResponse response =
                received(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/echo?fixed=1"))
                        .withQueryParameters(Map.of("city", "Paris & Lyon"))));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"method\":\"GET\"", "\"query\":\"fixed=1&city=Paris%20%26%20Lyon\"");
        assertThat(response.header("content-type")).contains("application/json");
    }

    @Test
    void postSendsAJsonBody() {
        OutboundHttpResponse response = received(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/echo"))
                .withMethod(HttpMethod.POST)
                .withJsonBody("{\"name\":\"Ada\",\"age\":36}")));

        assertThat(response.body())
                .contains("\"method\":\"POST\"", "\"contentType\":\"application/json; charset=UTF-8\"")
                .contains("\"body\":{\"name\":\"Ada\",\"age\":36}");
    }

    @Test
    void errorStatusesAreResponsesNotFailures() {
        OutboundHttpResponse notFound =
                received(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/missing"))));
        OutboundHttpResponse serverError =
                received(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/boom"))));

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.successful()).isFalse();
        assertThat(notFound.body()).isEqualTo("{\"detail\":\"not found\"}");
        assertThat(serverError.status()).isEqualTo(500);
        assertThat(serverError.body()).isEqualTo("internal error");
    }

    @Test
    void aNonJsonBodyComesBackAsText() {
        OutboundHttpResponse response = received(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/text"))));

        assertThat(response.body()).isEqualTo("plain text, not JSON: été");
    }

    @Test
    void followsRedirectsAndReportsTheFinalUrl() {
        OutboundHttpResponse response =
                received(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/to-echo"))));

        assertThat(response.body()).contains("\"query\":\"from=redirect\"");
        assertThat(response.finalUrl()).isEqualTo(URI.create(base + "/echo?from=redirect"));
        assertThat(refusal(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/loop")))))
                .contains("more than 5 redirects");
    }

    @Test
    void doesNotCarryCredentialsToAnotherOriginOnRedirect() {
        OutboundHttpResponse response = received(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/to-other"))
                .withHeaders(Map.of("Authorization", "Bearer secret-token", "Accept", "application/json"))));

        assertThat(response.finalUrl().getPort()).isEqualTo(port(other));
        assertThat(response.body()).contains("\"authorization\":\"null\"").doesNotContain("secret-token");
    }

    @Test
    void capsTheResponseSizeAndTheTime() {
        assertThat(refusal(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/big")))))
                .contains("larger than 1000 bytes");

        long started = System.nanoTime();
        OutboundHttpOutcome slow = allowLocal.send(
                OutboundHttpRequest.get(URI.create(base + "/slow")).withTimeout(Duration.ofMillis(300)));

        assertThat(slow).isEqualTo(new OutboundHttpOutcome.Failed("the request timed out after 300 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void refusesLoopbackPrivateAndMetadataAddressesWithoutAnAllowList() {
        assertThat(refusal(strict.send(OutboundHttpRequest.get(URI.create(base + "/echo")))))
                .contains("127.0.0.1", "private, loopback, link-local or reserved", "API_CALL_ALLOWED_HOSTS");
        assertThat(refusal(
                        strict.send(OutboundHttpRequest.get(URI.create("http://169.254.169.254/latest/meta-data/")))))
                .contains("169.254.169.254");
        assertThat(refusal(strict.send(OutboundHttpRequest.get(URI.create("http://[::1]:" + port(server) + "/echo")))))
                .contains("0:0:0:0:0:0:0:1");
        assertThat(refusal(strict.send(OutboundHttpRequest.get(URI.create("http://2130706433:" + port(server) + "/")))))
                .contains("non-standard form");
        assertThat(refusal(strict.send(OutboundHttpRequest.get(URI.create("http://0x7f.1:" + port(server) + "/")))))
                .contains("non-standard form");
    }

    @Test
    void checksTheAddressesANameResolvesTo() {
        assertThat(refusal(strict.send(
                        OutboundHttpRequest.get(URI.create("http://evil.example:" + port(server) + "/echo")))))
                .contains("evil.example", "127.0.0.1");
        assertThat(refusal(
                        strict.send(OutboundHttpRequest.get(URI.create("http://mixed.example:" + port(server) + "/")))))
                .contains("127.0.0.1");
        // a name on the allow-list may resolve to a private address
        assertThat(received(allowLocal.send(
                                OutboundHttpRequest.get(URI.create("http://api.internal:" + port(server) + "/echo"))))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void refusesARedirectFromAnAllowedHostToAForbiddenOne() {
        assertThat(refusal(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/to-metadata")))))
                .contains("169.254.169.254");
        assertThat(refusal(allowLocal.send(OutboundHttpRequest.get(URI.create(base + "/to-ipv6-loopback")))))
                .contains("0:0:0:0:0:0:0:1");
    }

    @Test
    void refusesSchemesOtherThanHttpAndHttps() {
        assertThat(refusal(allowLocal.send(OutboundHttpRequest.get(URI.create("file:///etc/passwd")))))
                .contains("only http and https", "file:");
        assertThat(refusal(allowLocal.send(OutboundHttpRequest.get(URI.create("ftp://127.0.0.1/x")))))
                .contains("ftp:");
    }

    @Test
    void aMissingHostIsAFailureNotACrash() {
        OutboundHttpOutcome outcome = strict.send(OutboundHttpRequest.get(URI.create("http://no-such-host.invalid/")));

        assertThat(outcome).isInstanceOf(OutboundHttpOutcome.Failed.class);
        assertThat(((OutboundHttpOutcome.Failed) outcome).message()).contains("no-such-host.invalid");
    }
}
