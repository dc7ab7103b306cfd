package io.draftnrun.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.application.shared.port.Metrics;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one error handler on a real server: statuses, refusal headers, outages, internal errors, request ids. */
class HttpErrorsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpErrors.Format JSON = (code, message, correlationId) -> correlationId.isPresent()
            ? Map.of("code", code.name(), "message", message, "correlationId", correlationId.get())
            : Map.of("code", code.name(), "message", message);
    private static WebServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        HttpService failing = routing -> routing.get("/fail/{how}", (req, res) -> {
            try {
                switch (req.path().pathParameters().get("how")) {
                    case "missing" -> throw DomainException.notFound("project");
                    case "refused" ->
                        throw HttpRefusal.invalid(Status.METHOD_NOT_ALLOWED_405, "use POST")
                                .header(HeaderNames.ALLOW, "POST");
                    case "limited" -> throw HttpRefusal.rateLimited(7);
                    case "outage" -> throw new IllegalStateException(new ConnectException("refused"));
                    default -> throw new IllegalStateException("password=hunter2 leaked in a bug");
                }
            } catch (RuntimeException e) {
                HttpErrors.send(req, res, e, "test route", JSON);
            }
        });
        UserId admin = new UserId(UUID.randomUUID());
        RequestAuthenticator tokens = token -> token.map(t -> switch (t) {
            case "admin" -> Actor.user(admin, "", Map.of(), true);
            case "user" -> Actor.user(new UserId(UUID.randomUUID()), "", Map.of(), false);
            default -> throw new DomainException(ErrorCode.UNAUTHENTICATED, "invalid token");
        });
        MetricsRoutes metrics = new MetricsRoutes(() -> "up 1\n", false, tokens, Metrics.NOOP);
        SystemQueries system = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());
        HttpApi api = new HttpApi(system, List.of(failing, metrics));
        server = WebServer.builder().port(0).routing(api::routing).build().start();
        base = URI.create("http://localhost:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path, Optional<String> token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("X-Request-Id", "req-42");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDomainErrorHasTheStatusOfItsCode() throws Exception {
        HttpResponse<String> res = get("/fail/missing", Optional.empty());
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.body()).contains("\"code\":\"NOT_FOUND\"");
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void aRefusalHasItsOwnStatusAndHeaders() throws Exception {
        HttpResponse<String> refused = get("/fail/refused", Optional.empty());
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("Allow")).hasValue("POST");
        assertThat(refused.body()).contains("\"code\":\"VALIDATION\"");
        HttpResponse<String> limited = get("/fail/limited", Optional.empty());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(limited.body()).contains("\"code\":\"RATE_LIMITED\"");
    }

    @Test
    void anOutageIsUnavailableAndABugIsInternalWithTheRequestIdOnly() throws Exception {
        HttpResponse<String> outage = get("/fail/outage", Optional.empty());
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(outage.body()).contains("\"code\":\"UNAVAILABLE\"");
        HttpResponse<String> bug = get("/fail/bug", Optional.empty());
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(bug.body()).contains("\"code\":\"INTERNAL\"", "\"correlationId\":\"req-42\"");
        assertThat(bug.body()).doesNotContain("hunter2");
        assertThat(bug.headers().firstValue("X-Request-Id")).hasValue("req-42");
    }

    @Test
    void privateMetricsNeedAPlatformAdministrator() throws Exception {
        HttpResponse<String> anonymous = get("/metrics", Optional.empty());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("platform administrator");
        assertThat(get("/metrics", Optional.of("user")).statusCode()).isEqualTo(403);
        assertThat(get("/metrics", Optional.of("forged")).statusCode()).isEqualTo(403);
        HttpResponse<String> admin = get("/metrics", Optional.of("admin"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("up 1\n");
    }
}
