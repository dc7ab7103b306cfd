package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A client's mistakes are answered as such on the real server, never INTERNAL and never with a stack trace in the log:
 * the multipart probe (a 1,500- and a 100,000-character file name, without and with a token), a document
 * refused by the good-faith introspection check, and wrong values, types and sizes in variables.
 */
class ClientMistakesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> upload(URI base, String fileName, String token) throws Exception {
        String boundary = "----b" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"operations\"\r\n\r\n"
                + "{\"query\":\"mutation($s: ID!, $f: [Upload!]!) { uploadFiles(sourceId: $s, files: $f) { id } }\","
                + "\"variables\":{\"s\":\"" + UUID.randomUUID() + "\",\"f\":[null]}}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"map\"\r\n\r\n"
                + "{\"0\":[\"variables.f.0\"]}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"0\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "hello\r\n"
                + "--" + boundary + "--\r\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/graphql"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/errors/0/extensions/code").asText();
    }

    @Test
    void mistakesAreAnsweredAsSuchWithoutInternalErrorsOrStackTraces() throws Exception {
        GraphQlClient admin = Users.admin(SharedServer.client());
        URI base = SharedServer.running().server().baseUrl();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            for (int length : new int[] {1_500, 100_000}) {
                String name = "\\\"".repeat(length / 2);
                HttpResponse<String> anonymous = upload(base, name, null);
                assertThat(anonymous.statusCode())
                        .as("no token, length " + length)
                        .isEqualTo(401);
                assertThat(code(anonymous)).isEqualTo("UNAUTHENTICATED");
                HttpResponse<String> signedIn = upload(base, name, admin.token());
                assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(400);
                assertThat(code(signedIn)).isEqualTo("VALIDATION");
            }

            GraphQlClient.Response badFaith =
                    admin.execute("{ __schema { types { fields { name } again: fields { name } } } }");
            assertThat(badFaith.errorCode()).as(badFaith.body().toString()).isEqualTo("VALIDATION");

            String org = Flows.createOrganization(admin, "Mistakes");
            String create = "mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }";
            List<Map<String, Object>> wrongInputs = List.of(
                    Map.of("i", Map.of("organizationId", org, "name", 42)),
                    Map.of("i", Map.of("organizationId", List.of("x"), "name", "x")),
                    Map.of("i", "not an object"));
            for (Map<String, Object> variables : wrongInputs) {
                GraphQlClient.Response response = admin.execute(create, variables);
                assertThat(response.errorCode()).as(response.body().toString()).isEqualTo("VALIDATION");
            }
            GraphQlClient.Response badEnum = admin.execute(
                    "mutation($p: ID!, $e: RunEnvironment!) { runProject(projectId: $p, environment: $e, input: {}) { id } }",
                    Map.of("p", UUID.randomUUID().toString(), "e", "STAGING"));
            assertThat(badEnum.errorCode()).as(badEnum.body().toString()).isEqualTo("VALIDATION");
            GraphQlClient.Response tooBig = admin.execute(
                    "query($o: ID!, $f: Int) { projects(organizationId: $o, first: $f) { pageInfo { hasNextPage } } }",
                    Map.of("o", org, "f", 99_999_999_999L));
            assertThat(tooBig.errorCode()).as(tooBig.body().toString()).isEqualTo("VALIDATION");
            String deep = "[".repeat(5_000) + "]".repeat(5_000);
            HttpResponse<String> nested = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/graphql"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + admin.token())
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"query\":\"{ me { id } }\",\"variables\":{\"a\":" + deep + "}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(nested.statusCode()).isBetween(400, 413);
            assertThat(code(nested)).isEqualTo("VALIDATION");
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
                        .map(ILoggingEvent::getFormattedMessage)
                        .toList())
                .as("no error and no stack trace logged for a client's mistakes")
                .isEmpty();
    }
}
