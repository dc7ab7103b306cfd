package io.draftnrun.application.components.tools.port;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Remote MCP servers reached over Streamable HTTP, or the older HTTP+SSE transport (ADR 0020), through the same outbound guard as the API Call tool:
 * private, loopback, link-local and metadata addresses refused unless allow-listed, responses capped, each exchange
 * within its timeout. Failures (refused address, network, HTTP or JSON-RPC error) are {@link McpFailure}s.
 */
public interface McpToolServers {

    /** A server: its endpoint URL, headers sent with every request (secrets already resolved), time per exchange. */
    record Server(URI url, Map<String, String> headers, Duration timeout) {
        public Server {
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** A tool the server offers: its name, description and JSON schema of its arguments. */
    record RemoteTool(String name, String description, Map<String, Object> inputSchema) {
        public RemoteTool {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
            inputSchema = inputSchema == null ? Map.of("type", "object") : inputSchema;
        }
    }

    /** What a call returned: its text content (other content described), and whether the tool reported an error. */
    record CallResult(String text, boolean isError) {
        public CallResult {
            text = text == null ? "" : text;
        }
    }

    /** Why the server could not be used; the message is shown to the model and users (never a secret). */
    final class McpFailure extends RuntimeException {
        public McpFailure(String message) {
            super(message);
        }
    }

    /** Every tool the server lists (all pages). */
    java.util.List<RemoteTool> listTools(Server server);

    CallResult callTool(Server server, String name, Map<String, Object> arguments);
}
