package io.draftnrun.adapter.out.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.draftnrun.application.components.tools.ApiCallTool;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Payload;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API Call tool with the real SSRF guard: a loopback server is unreachable unless allow-listed. */
class ApiCallToolThroughGuardIT {
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/secret", exchange -> {
            hits.incrementAndGet();
            byte[] body = "{\"token\":\"internal\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Payload call(GuardedOutboundHttp http) {
        TestRunContexts runs = new TestRunContexts(new ScriptedChatModelProvider());
        FunctionCallable tool = (FunctionCallable) new ApiCallTool(http)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Internal",
                        ResolvedParameters.of(Map.of(
                                "endpoint",
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/secret")),
                        Map.of(),
                        ToolDescription.empty("internal")));
        return tool.callAsTool(Map.of(), Payload.empty(), runs.context());
    }

    @Test
    void aLoopbackAddressThatIsNotAllowListedIsRefusedAsToolOutput() {
        try (GuardedOutboundHttp http = new GuardedOutboundHttp(GuardedOutboundHttp.Options.defaults())) {
            Payload out = call(http);

            assertThat(out.lastMessageText()).startsWith("API call failed: ").doesNotContain("internal\"");
            assertThat(out.artifacts().get("api_response")).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) out.artifacts().get("api_response")).get("success"))
                    .isEqualTo(false);
            assertThat(hits).hasValue(0);
        }
    }

    @Test
    void anAllowListedLoopbackAddressIsReached() {
        try (GuardedOutboundHttp http =
                new GuardedOutboundHttp(new GuardedOutboundHttp.Options(List.of("127.0.0.1"), 5, 1024 * 1024))) {
            Payload out = call(http);

            assertThat(out.lastMessageText()).isEqualTo("{\n  \"token\": \"internal\"\n}");
            assertThat(hits).hasValue(1);
        }
    }
}
