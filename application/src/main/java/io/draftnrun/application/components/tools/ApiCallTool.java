package io.draftnrun.application.components.tools;

import io.draftnrun.application.components.tools.port.OutboundHttp;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.ToolSpecs;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * API Call tool (spec 3.10) over the {@link OutboundHttp} port: the model's arguments merged over
 * {@code fixed_parameters} go in the query string (GET, DELETE) or a JSON body (POST, PUT, PATCH). A response is
 * shown to the model as pretty JSON (a non-JSON body as {@code {"text": ...}}) and kept in
 * {@code artifacts.api_response}; an HTTP error, a refused address or a network failure becomes the tool output
 * "API call failed: ...", never a failed run.
 */
public final class ApiCallTool implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("674b8c1d-0cc6-4887-be92-e3a2906830ed");
    public static final String NAME = "API Call";
    public static final String ENDPOINT = "endpoint";
    public static final String METHOD = "method";
    public static final String HEADERS = "headers";
    public static final String TIMEOUT = "timeout";
    public static final String FIXED_PARAMETERS = "fixed_parameters";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Calls an HTTP API with fixed and model-chosen parameters.")
            .functionCallable(true)
            .releaseStage(ReleaseStage.BETA)
            .parameters(List.of(
                    ParameterDefinition.builder(ENDPOINT, ParameterType.STRING)
                            .required()
                            .httpUrl()
                            .order(0)
                            .ui(
                                    UiComponent.TEXTFIELD,
                                    Map.of("label", "Endpoint", "placeholder", "https://api.example.com/v1/items"))
                            .build(),
                    ParameterDefinition.builder(METHOD, ParameterType.STRING)
                            .defaultValue("GET")
                            .order(1)
                            .ui(
                                    UiComponent.SELECT,
                                    Map.of(
                                            "label",
                                            "Method",
                                            "options",
                                            List.of("GET", "POST", "PUT", "DELETE", "PATCH")))
                            .build(),
                    ParameterDefinition.builder(HEADERS, ParameterType.JSON)
                            .secretPlaceholders()
                            .order(2)
                            .ui(
                                    UiComponent.TEXTAREA,
                                    Map.of(
                                            "label",
                                            "Headers",
                                            "placeholder",
                                            "{\"Authorization\": \"Bearer {{secret:my_api_token}}\"}",
                                            "description",
                                            "{{secret:name}} is replaced by the organization secret 'name' when the"
                                                    + " tool runs; the graph keeps only the name"))
                            .build(),
                    ParameterDefinition.builder(TIMEOUT, ParameterType.INTEGER)
                            .defaultValue(30)
                            .order(3)
                            .ui(UiComponent.SLIDER, Map.of("label", "Timeout (s)", "min", 1, "max", 120, "step", 1))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(FIXED_PARAMETERS, ParameterType.JSON)
                            .secretPlaceholders()
                            .order(4)
                            .ui(UiComponent.TEXTAREA, Map.of("label", "Fixed parameters"))
                            .build()))
            .defaultToolDescription(new ToolDescription(
                    "api_call",
                    "Calls an external API.",
                    Map.of(
                            "query_param1",
                            Map.of("type", "string", "description", "First parameter"),
                            "query_param2",
                            Map.of("type", "string", "description", "Second parameter")),
                    List.of()))
            .build();

    private final OutboundHttp http;

    /** @param http sends the requests, through the SSRF guard (ADR 0008) */
    public ApiCallTool(OutboundHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        URI endpoint = HttpToolParameters.httpUrl(p, ENDPOINT);
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(p.string(METHOD).orElse("GET").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("parameter 'method' must be GET, POST, PUT, DELETE or PATCH");
        }
        Map<String, String> headers = HttpToolParameters.headers(p, HEADERS);
        long timeout = p.integer(TIMEOUT, 30);
        if (timeout < 1) {
            throw DomainException.validation("parameter 'timeout' must be at least 1 second");
        }
        return new Instance(
                http,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                endpoint,
                method,
                headers,
                Duration.ofSeconds(timeout),
                p.jsonObject(FIXED_PARAMETERS).orElse(Map.of()),
                ToolSpecs.of(spec.toolDescription()),
                SecretRedactor.of(p.secrets()));
    }

    private static String text(Object value) {
        return value instanceof String s ? s : Json.write(value);
    }

    private record Instance(
            OutboundHttp http,
            String name,
            URI endpoint,
            HttpMethod method,
            Map<String, String> headers,
            Duration timeout,
            Map<String, Object> fixedParameters,
            ToolSpec toolSpec,
            SecretRedactor secrets)
            implements FunctionCallable {

        /** The text with every secret this tool sends replaced, so an API echoing a header does not leak it. */
        private String redact(String text) {
            return secrets.redact(text);
        }

        @Override
        public SpanKind spanKind() {
            return SpanKind.TOOL;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            return callAsTool(Map.of(), inputs.isEmpty() ? Payload.empty() : inputs.getFirst(), ctx);
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            ctx.checkActive();
            Map<String, Object> parameters = new LinkedHashMap<>(fixedParameters);
            parameters.putAll(arguments);
            OutboundHttpRequest request =
                    new OutboundHttpRequest(method, endpoint, headers, Map.of(), Optional.empty(), timeout);
            if (method.sendsBody()) {
                request = request.withJsonBody(Json.write(parameters));
            } else {
                Map<String, String> query = new LinkedHashMap<>();
                parameters.forEach((k, v) -> {
                    if (v != null) {
                        query.put(k, text(v));
                    }
                });
                request = request.withQueryParameters(query);
            }
            OutboundHttpOutcome outcome = http.send(request);
            return switch (outcome) {
                case OutboundHttpOutcome.Received r when r.response().successful() -> success(r.response());
                case OutboundHttpOutcome.Received r ->
                    failure(
                            "HTTP " + r.response().status() + " from " + endpoint.getHost() + ": "
                                    + abbreviate(redact(r.response().body())),
                            Optional.of(r.response().status()));
                case OutboundHttpOutcome.Refused r -> failure(redact(r.reason()), Optional.empty());
                case OutboundHttpOutcome.Failed f -> failure(redact(f.message()), Optional.empty());
            };
        }

        private Payload success(OutboundHttpResponse response) {
            String body = redact(response.body());
            Object data;
            try {
                data = body.isBlank() ? Map.of() : Json.parse(body);
            } catch (DomainException e) {
                data = Map.of("text", body);
            }
            Map<String, Object> headers = new LinkedHashMap<>();
            response.headers().forEach((k, v) -> headers.put(k, redact(String.join(", ", v))));
            Map<String, Object> apiResponse = new LinkedHashMap<>();
            apiResponse.put("status_code", response.status());
            apiResponse.put("data", data);
            apiResponse.put("headers", headers);
            apiResponse.put("success", true);
            return Payload.assistant(PrettyJson.write(data))
                    .withArtifact("api_response", apiResponse)
                    .withFinal(false);
        }

        private static Payload failure(String error, Optional<Integer> status) {
            Map<String, Object> apiResponse = new LinkedHashMap<>();
            apiResponse.put("success", false);
            status.ifPresent(s -> apiResponse.put("status_code", s));
            apiResponse.put("error", error);
            return Payload.assistant("API call failed: " + error)
                    .withArtifact("api_response", apiResponse)
                    .withFinal(false);
        }

        private static String abbreviate(String body) {
            String flat = body.strip();
            return flat.length() > 500 ? flat.substring(0, 500) + "..." : flat;
        }
    }
}
