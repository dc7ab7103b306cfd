package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.bootstrap.Commands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-caller rate limit (429 + Retry-After + RATE_LIMITED) and CORS on a server of its own. */
class ProtectionsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Commands.Running server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = SharedServer.startDedicated(
                Map.of("RATE_LIMIT_PER_MINUTE", "5", "CORS_ALLOW_ORIGINS", "https://app.example.com"));
        base = server.server().baseUrl();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCallerOverTheLimitGets429WithRetryAfterWhileOthersContinue() throws Exception {
        String token = Users.supabaseToken(
                java.util.UUID.randomUUID(),
                "limited@example.com",
                java.time.Instant.now().plusSeconds(600),
                "authenticated");
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/graphql"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ me { id } }\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.body()).contains("RATE_LIMITED");
        assertThat(last.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L))
                .isBetween(1L, 60L);
        // another caller is not affected
        assertThat(new GraphQlClient(base).data("{ serverInfo { version } }")).isNotNull();
    }

    @Test
    void preflightAndResponsesCarryCorsHeadersOnlyForAllowedOrigins() throws Exception {
        HttpResponse<String> preflight = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/graphql"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://app.example.com")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization, content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("https://app.example.com");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse(""))
                .contains("Authorization");

        HttpResponse<String> evil = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/health"))
                        .header("Origin", "https://evil.example.com")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> allowed = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/health"))
                        .header("Origin", "https://app.example.com")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
    }
}
