package io.draftnrun.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal GraphQL-over-HTTP client for end-to-end tests, as a frontend would call the API. */
public final class GraphQlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI baseUrl;
    private final String token;

    public GraphQlClient(URI baseUrl) {
        this(baseUrl, null);
    }

    private GraphQlClient(URI baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The bearer token this client sends, or null when anonymous. */
    public String token() {
        return token;
    }

    /** The same server, sending {@code Authorization: Bearer <token>}. */
    public GraphQlClient withToken(String token) {
        return new GraphQlClient(baseUrl, token);
    }

    /** Runs an operation and returns the whole response body (data and errors) with its status. */
    public Response execute(String query, Map<String, Object> variables) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", query);
            body.put("variables", variables);
            HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve("/graphql"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/graphql-response+json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response execute(String query) {
        return execute(query, Map.of());
    }

    /** Runs an operation that must succeed and returns its {@code data}. */
    public JsonNode data(String query, Map<String, Object> variables) {
        Response response = execute(query, variables);
        if (response.body().has("errors")) {
            throw new AssertionError("GraphQL errors: " + response.body().get("errors"));
        }
        return response.body().get("data");
    }

    public JsonNode data(String query) {
        return data(query, Map.of());
    }

    /** Status and body of a GraphQL response; {@link #errorCode()} is the first error's code. */
    public record Response(int status, JsonNode body) {
        public String errorCode() {
            JsonNode errors = body.get("errors");
            return errors == null || errors.isEmpty()
                    ? null
                    : errors.get(0).path("extensions").path("code").asText();
        }
    }
}
