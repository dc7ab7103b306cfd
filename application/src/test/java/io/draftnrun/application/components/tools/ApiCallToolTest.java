package io.draftnrun.application.components.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Payload;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiCallToolTest {
    private final ScriptedOutboundHttp http = new ScriptedOutboundHttp();
    private final TestRunContexts runs = new TestRunContexts(new ScriptedChatModelProvider());

    private FunctionCallable tool(Map<String, Object> parameters) {
        return (FunctionCallable) new ApiCallTool(http)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Weather API",
                        ResolvedParameters.of(parameters),
                        Map.of(),
                        ToolDescription.empty("weather_api")));
    }

    private static OutboundHttpOutcome ok(String body) {
        return new OutboundHttpOutcome.Received(new OutboundHttpResponse(
                200, Map.of("Content-Type", List.of("application/json")), body, URI.create("https://api.example.com")));
    }

    @Test
    void getSendsFixedAndCallParametersAsQueryAndShowsPrettyJson() {
        http.thenReturn(ok("{\"temp\":21,\"sky\":[\"clear\"]}"));
        FunctionCallable tool = tool(Map.of(
                "endpoint",
                "https://api.example.com/weather",
                "headers",
                "{\"X-Key\": \"k\"}",
                "timeout",
                5,
                "fixed_parameters",
                Map.of("units", "metric", "city", "Rome")));

        Payload out = tool.callAsTool(Map.of("city", "Paris"), Payload.empty(), runs.context());

        OutboundHttpRequest sent = http.requests().getFirst();
        assertThat(sent.method()).isEqualTo(HttpMethod.GET);
        assertThat(sent.queryParameters()).isEqualTo(Map.of("units", "metric", "city", "Paris"));
        assertThat(sent.jsonBody()).isEmpty();
        assertThat(sent.headers()).containsEntry("X-Key", "k");
        assertThat(sent.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(out.lastMessageText()).isEqualTo("{\n  \"temp\": 21,\n  \"sky\": [\n    \"clear\"\n  ]\n}");
        assertThat(out.isFinal()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) out.artifacts().get("api_response");
        assertThat(response)
                .containsEntry("status_code", 200)
                .containsEntry("success", true)
                .containsEntry("data", Map.of("temp", 21L, "sky", List.of("clear")));
        assertThat(response.get("headers")).isEqualTo(Map.of("content-type", "application/json"));
    }

    @Test
    void postSendsTheParametersAsAJsonBodyAndWrapsTextBodies() {
        http.thenReturn(ok("created"));
        FunctionCallable tool = tool(Map.of(
                "endpoint", "https://api.example.com/items", "method", "POST", "fixed_parameters", "{\"team\":\"a\"}"));

        Payload out = tool.callAsTool(Map.of("name", "pen", "qty", 2), Payload.empty(), runs.context());

        OutboundHttpRequest sent = http.requests().getFirst();
        assertThat(sent.method()).isEqualTo(HttpMethod.POST);
        assertThat(io.draftnrun.domain.run.Json.parseObject(sent.jsonBody().orElseThrow()))
                .isEqualTo(Map.of("team", "a", "name", "pen", "qty", 2L));
        assertThat(sent.queryParameters()).isEmpty();
        assertThat(out.lastMessageText()).isEqualTo("{\n  \"text\": \"created\"\n}");
    }

    @Test
    void anHttpErrorIsToolOutputNotACrashedRun() {
        http.thenReturn(new OutboundHttpOutcome.Received(new OutboundHttpResponse(
                404, Map.of(), "{\"detail\":\"no such city\"}", URI.create("https://api.example.com/weather"))));

        Payload out = tool(Map.of("endpoint", "https://api.example.com/weather"))
                .callAsTool(Map.of(), Payload.empty(), runs.context());

        assertThat(out.lastMessageText())
                .isEqualTo("API call failed: HTTP 404 from api.example.com: {\"detail\":\"no such city\"}");
        assertThat(out.artifacts().get("api_response"))
                .isEqualTo(Map.of(
                        "success",
                        false,
                        "status_code",
                        404,
                        "error",
                        "HTTP 404 from api.example.com: {\"detail\":\"no such city\"}"));
    }

    @Test
    void aRefusedPrivateAddressIsToolOutput() {
        http.thenReturn(new OutboundHttpOutcome.Refused("address 10.0.0.5 is private and not allow-listed"));

        Payload out = tool(Map.of("endpoint", "http://internal.example/admin"))
                .callAsTool(Map.of(), Payload.empty(), runs.context());

        assertThat(out.lastMessageText())
                .isEqualTo("API call failed: address 10.0.0.5 is private and not allow-listed");
        assertThat(out.error()).isEqualTo(Optional.empty());
    }

    @Test
    void secretsTheToolSendsAreBlankedOutOfWhatItReturns() {
        String token = "tok-4f9a2c7e81";
        FunctionCallable tool = (FunctionCallable) new ApiCallTool(http)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Echo",
                        new ResolvedParameters(
                                Map.of(
                                        "endpoint",
                                        "https://echo.example.com/headers",
                                        "headers",
                                        Map.of("Authorization", "Bearer " + token)),
                                java.util.Set.of(token)),
                        Map.of(),
                        ToolDescription.empty("echo")));
        http.thenReturn(new OutboundHttpOutcome.Received(new OutboundHttpResponse(
                200,
                Map.of("X-Seen", List.of("Bearer " + token)),
                "{\"authorization\":\"Bearer " + token + "\"}",
                URI.create("https://echo.example.com"))));
        Payload out = tool.callAsTool(Map.of(), Payload.empty(), runs.context());
        assertThat(http.requests().getFirst().headers()).containsEntry("Authorization", "Bearer " + token);
        assertThat(out.lastMessageText()).contains("Bearer [secret]").doesNotContain(token);
        assertThat(out.artifacts().toString()).doesNotContain(token);

        http.thenReturn(new OutboundHttpOutcome.Received(
                new OutboundHttpResponse(401, Map.of(), "bad token " + token, URI.create("https://echo.example.com"))));
        assertThat(tool.callAsTool(Map.of(), Payload.empty(), runs.context()).lastMessageText())
                .contains("bad token [secret]")
                .doesNotContain(token);
    }
}
