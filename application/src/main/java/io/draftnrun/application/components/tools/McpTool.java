package io.draftnrun.application.components.tools;

import io.draftnrun.application.components.tools.port.McpToolServers;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.ToolSet;
import io.draftnrun.application.runtime.ToolSpecs;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * MCP Tool (ADR 0020): the tools of a remote MCP server (Streamable HTTP, or the older HTTP+SSE transport for a server
 * that refuses it) offered to an AI Agent. The server's tools
 * are listed once per run (the component is built per run; the first listing is kept), filtered by
 * {@code allowed_tools} (empty: all), and each is offered to the model under its name with its JSON schema; a call
 * goes to the server and its content comes back as the tool output. The URL goes through the outbound guard of the
 * API Call tool ({@code API_CALL_ALLOWED_HOSTS} for private addresses), {@code headers} may hold
 * {@code {{secret:name}}} placeholders (an {@code Authorization} header from an organization secret), responses are
 * capped and each exchange bounded by {@code timeout}. A server that cannot be listed (refused address, network
 * trouble) is offered as one function that answers why, as an API call failure is: the run goes on. No stdio
 * servers: nothing runs on this server on a user's behalf.
 */
public final class McpTool implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("9d3a6c8e-52b1-4f0e-8a47-3c1d2e5f7a90");
    public static final String NAME = "MCP Tool";
    public static final String SERVER_URL = "server_url";
    public static final String HEADERS = "headers";
    public static final String ALLOWED_TOOLS = "allowed_tools";
    public static final String TIMEOUT = "timeout";
    private static final int MAX_OUTPUT_CHARS = 100_000;

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Offers the tools of a remote MCP server (Streamable HTTP) to an agent.")
            .functionCallable(true)
            .releaseStage(ReleaseStage.BETA)
            .parameters(List.of(
                    ParameterDefinition.builder(SERVER_URL, ParameterType.STRING)
                            .required()
                            .httpUrl()
                            .order(0)
                            .ui(
                                    UiComponent.TEXTFIELD,
                                    Map.of("label", "MCP server URL", "placeholder", "https://mcp.example.com/mcp"))
                            .build(),
                    ParameterDefinition.builder(HEADERS, ParameterType.JSON)
                            .secretPlaceholders()
                            .order(1)
                            .ui(
                                    UiComponent.TEXTAREA,
                                    Map.of(
                                            "label",
                                            "Headers",
                                            "placeholder",
                                            "{\"Authorization\": \"Bearer {{secret:mcp_token}}\"}",
                                            "description",
                                            "{{secret:name}} is replaced by the organization secret 'name' when the"
                                                    + " tool runs; the graph keeps only the name"))
                            .build(),
                    ParameterDefinition.builder(ALLOWED_TOOLS, ParameterType.JSON)
                            .order(2)
                            .ui(
                                    UiComponent.TEXTAREA,
                                    Map.of(
                                            "label",
                                            "Allowed tools",
                                            "placeholder",
                                            "[\"search\", \"fetch\"]",
                                            "description",
                                            "Names of the server's tools offered to the model; empty: all of them"))
                            .build(),
                    ParameterDefinition.builder(TIMEOUT, ParameterType.INTEGER)
                            .defaultValue(30)
                            .order(3)
                            .ui(UiComponent.SLIDER, Map.of("label", "Timeout (s)", "min", 1, "max", 120, "step", 1))
                            .advanced()
                            .build()))
            .defaultToolDescription(
                    new ToolDescription("mcp_tools", "Tools of a remote MCP server.", Map.of(), List.of()))
            .build();

    private final McpToolServers servers;

    /** @param servers lists and calls the tools of remote MCP servers, through the SSRF guard (ADR 0008) */
    public McpTool(McpToolServers servers) {
        this.servers = Objects.requireNonNull(servers, "servers");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        URI url = HttpToolParameters.httpUrl(p, SERVER_URL);
        Map<String, String> headers = HttpToolParameters.headers(p, HEADERS);
        long timeout = p.integer(TIMEOUT, 30);
        if (timeout < 1 || timeout > 600) {
            throw DomainException.validation("parameter 'timeout' must be between 1 and 600 seconds");
        }
        Set<String> allowed = new LinkedHashSet<>();
        p.json(ALLOWED_TOOLS).ifPresent(value -> {
            if (value instanceof List<?> list) {
                list.forEach(item -> allowed.add(String.valueOf(item).strip()));
            } else {
                for (String name : String.valueOf(value).split(",")) {
                    if (!name.isBlank()) {
                        allowed.add(name.strip());
                    }
                }
            }
        });
        return new Instance(
                servers,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                new McpToolServers.Server(url, headers, Duration.ofSeconds(timeout)),
                Set.copyOf(allowed),
                ToolSpecs.of(spec.toolDescription()),
                p.secrets());
    }

    private static final class Instance implements ToolSet {
        private final McpToolServers servers;
        private final String name;
        private final McpToolServers.Server server;
        private final Set<String> allowed;
        private final ToolSpec ownSpec;
        private final SecretRedactor secrets;
        /** The run's listing: offered name → the server's name; built on first use. */
        private Map<String, String> remoteNames;

        private List<ToolSpec> specs;
        private String unavailable;

        Instance(
                McpToolServers servers,
                String name,
                McpToolServers.Server server,
                Set<String> allowed,
                ToolSpec ownSpec,
                Set<String> secrets) {
            this.servers = servers;
            this.name = name;
            this.server = server;
            this.allowed = allowed;
            this.ownSpec = ownSpec;
            this.secrets = SecretRedactor.of(secrets);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public SpanKind spanKind() {
            return SpanKind.TOOL;
        }

        @Override
        public ToolSpec toolSpec() {
            return ownSpec;
        }

        @Override
        public synchronized List<ToolSpec> toolSpecs(RunContext ctx) {
            if (specs != null) {
                return specs;
            }
            ctx.checkActive();
            Map<String, String> names = new LinkedHashMap<>();
            List<ToolSpec> offered = new ArrayList<>();
            try {
                for (McpToolServers.RemoteTool tool : servers.listTools(server)) {
                    if (!allowed.isEmpty() && !allowed.contains(tool.name())) {
                        continue;
                    }
                    String offeredName = tool.name().replaceAll("[^A-Za-z0-9_-]", "_");
                    if (offeredName.isEmpty()) {
                        continue;
                    }
                    if (offeredName.length() > 64) {
                        offeredName = offeredName.substring(0, 64);
                    }
                    if (names.putIfAbsent(offeredName, tool.name()) == null) {
                        offered.add(new ToolSpec(offeredName, tool.description(), schema(tool.inputSchema())));
                    }
                }
            } catch (McpToolServers.McpFailure e) {
                // offered as one function that says why, as an API call failure is: the run goes on
                unavailable = "MCP server unavailable: " + redact(e.getMessage());
                names.clear();
                offered.clear();
                names.put(ownSpec.name(), "");
                offered.add(new ToolSpec(
                        ownSpec.name(), "Unavailable tools of an MCP server (" + unavailable + ").", null));
            }
            remoteNames = Map.copyOf(names);
            specs = List.copyOf(offered);
            return specs;
        }

        /** An object schema: the server's as given (properties, required...), {@code type: object} ensured. */
        private static Map<String, Object> schema(Map<String, Object> input) {
            Map<String, Object> schema = new LinkedHashMap<>(input);
            schema.put("type", "object");
            schema.putIfAbsent("properties", Map.of());
            return schema;
        }

        @Override
        public Payload callNamed(String function, Map<String, Object> arguments, Payload input, RunContext ctx) {
            toolSpecs(ctx);
            if (unavailable != null) {
                return Payload.assistant(unavailable).withFinal(false);
            }
            String remote = remoteNames.get(function);
            if (remote == null) {
                return Payload.assistant("Error: there is no tool named '" + function + "'.")
                        .withFinal(false);
            }
            ctx.checkActive();
            try {
                McpToolServers.CallResult result = servers.callTool(server, remote, arguments);
                String text = redact(result.text());
                if (text.length() > MAX_OUTPUT_CHARS) {
                    text = text.substring(0, MAX_OUTPUT_CHARS) + "...";
                }
                Map<String, Object> artifact = new LinkedHashMap<>();
                artifact.put("tool", remote);
                artifact.put("is_error", result.isError());
                return Payload.assistant(result.isError() ? "MCP tool error: " + text : text)
                        .withArtifact("mcp_response", artifact)
                        .withFinal(false);
            } catch (McpToolServers.McpFailure e) {
                return Payload.assistant("MCP call failed: " + redact(e.getMessage()))
                        .withFinal(false);
            }
        }

        private String redact(String text) {
            return secrets.redact(text);
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            throw DomainException.validation("the MCP Tool runs only as a tool of an agent");
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            List<ToolSpec> offered = toolSpecs(ctx);
            if (offered.size() == 1) {
                return callNamed(offered.getFirst().name(), arguments, originalInput, ctx);
            }
            return Payload.assistant("Error: name one of the MCP server's tools.")
                    .withFinal(false);
        }
    }
}
