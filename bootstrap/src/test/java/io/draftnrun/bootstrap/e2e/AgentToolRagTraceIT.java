package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.bootstrap.Commands;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's "done when": one run of Input → AI Agent whose tools are an API Call (a local HTTP service) and a RAG
 * (Retriever + Synthesizer over an ingested Markdown file), driven by a scripted LLM. The trace is the whole tree (run,
 * agent node, both tool calls, the retrieval, every LLM call), the root's cumulative tokens are exactly the sum of the
 * agent's and the synthesizer's calls, and the monitoring KPIs and charts count the run.
 */
class AgentToolRagTraceIT {
    static final String SYNTHESIS = "The station sits on the Thwaites glacier [1].";
    static final String ANSWER = "It is sunny at the station on the Thwaites glacier.";

    @Test
    void anAgentWithAnApiToolAndARagToolIsTracedWithItsTokensRolledUpAndCounted() throws Exception {
        List<String> apiQueries = new CopyOnWriteArrayList<>();
        HttpServer weather = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        weather.createContext("/weather", exchange -> {
            apiQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
            byte[] body = "{\"forecast\": \"sunny\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        weather.start();
        try (ScriptedStub llm = new ScriptedStub();
                Commands.Running server = SharedServer.startDedicated(Map.of(
                        "OPENAI_API_KEY", "sk-test",
                        "OPENAI_BASE_URL", llm.baseUrl(),
                        "API_CALL_ALLOWED_HOSTS", "127.0.0.1"))) {
            GraphQlClient anonymous = new GraphQlClient(server.server().baseUrl());
            GraphQlClient admin = Users.admin(anonymous);
            String org = Flows.createOrganization(admin, "Polar");
            String source = ingestMarkdown(anonymous, admin, org);

            Flows.Graph graph = new Flows.Graph();
            String in = graph.input();
            String agent = graph.node(
                    Flows.AI_AGENT,
                    "Station agent",
                    false,
                    Map.of(
                            "completion_model",
                            "openai:gpt-4o-mini",
                            "initial_prompt",
                            "Answer with the api_call and notion_RAG tools."));
            String api = graph.node(
                    Flows.API_CALL,
                    "Weather API",
                    false,
                    Map.of(
                            "endpoint",
                            "http://127.0.0.1:" + weather.getAddress().getPort() + "/weather",
                            "method",
                            "GET"));
            String rag = graph.node(Flows.RAG, "Field notes RAG", false, Map.of());
            String retriever = graph.node(Flows.RETRIEVER, "Retriever", false, Map.of("data_source", source));
            String synthesizer = graph.node(
                    Flows.SYNTHESIZER, "Synthesizer", false, Map.of("completion_model", "openai:gpt-4o-mini"));
            graph.edge(in, agent)
                    .tool(agent, api)
                    .tool(agent, rag)
                    .slot(rag, "retriever", retriever)
                    .slot(rag, "synthesizer", synthesizer);
            Flows.Project project = Flows.project(admin, org, "Station", graph);

            JsonNode run = admin.data(
                            """
                            mutation($p: ID!, $input: JSON!) {
                              runProject(projectId: $p, environment: PRODUCTION, input: $input) {
                                id status message error traceId
                              }
                            }""",
                            Map.of(
                                    "p",
                                    project.id(),
                                    "input",
                                    Map.of(
                                            "messages",
                                            List.of(Map.of(
                                                    "role",
                                                    "user",
                                                    "content",
                                                    "Where is the station, and its weather?")))))
                    .get("runProject");
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("message").asText()).isEqualTo(ANSWER);
            assertThat(apiQueries).anySatisfy(q -> assertThat(q).contains("query_param1=Thwaites"));
            assertThat(llm.synthesisPrompts).anySatisfy(p -> assertThat(p).contains("Thwaites glacier"));
            assertThat(llm.toolResults).anySatisfy(r -> assertThat(r).contains("sunny"));
            assertThat(llm.toolResults).anySatisfy(r -> assertThat(r).contains(SYNTHESIS));

            // the trace is written asynchronously: await the whole tree, then check it exactly
            String traceQuery = """
                    query($id: ID!) { trace(id: $id) {
                      runId
                      root { spanId name spanKind cumulativeLlmTokenCountPrompt cumulativeLlmTokenCountCompletion
                             children { name spanKind } }
                      spans { spanId parentId name spanKind llmTokenCountPrompt llmTokenCountCompletion }
                    } }""";
            String traceId = run.get("traceId").asText();
            JsonNode trace = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> admin.data(traceQuery, Map.of("id", traceId)).get("trace"),
                            t -> !t.isNull()
                                    && spans(t, "TOOL").size() >= 2
                                    && spans(t, "RETRIEVER").size() >= 1
                                    && spans(t, "LLM").size() >= 4
                                    && t.get("root")
                                                    .get("cumulativeLlmTokenCountPrompt")
                                                    .asLong()
                                            >= ScriptedStub.PROMPT_TOKENS);
            assertThat(trace.isNull()).as("trace %s never appeared", traceId).isFalse();
            assertThat(trace.get("runId").asText()).isEqualTo(run.get("id").asText());
            JsonNode root = trace.get("root");
            assertThat(root.get("name").asText()).isEqualTo("GraphRunner");
            List<String> nodeNames = new ArrayList<>();
            root.get("children").forEach(c -> nodeNames.add(c.get("name").asText()));
            assertThat(nodeNames).contains("Station agent");

            Map<String, JsonNode> byId = new HashMap<>();
            trace.get("spans").forEach(s -> byId.put(s.get("spanId").asText(), s));
            List<JsonNode> tools = spans(trace, "TOOL");
            assertThat(tools).extracting(s -> s.get("name").asText()).contains("api_call", "notion_RAG");
            JsonNode ragTool = tools.stream()
                    .filter(s -> s.get("name").asText().equals("notion_RAG"))
                    .findFirst()
                    .orElseThrow();
            // the retrieval and the synthesizer's LLM call hang under the RAG tool call, which hangs under the agent
            assertThat(spans(trace, "RETRIEVER"))
                    .anySatisfy(s -> assertThat(ancestors(s, byId))
                            .contains(ragTool.get("spanId").asText()));
            assertThat(ancestors(ragTool, byId)).contains(root.get("spanId").asText());
            assertThat(ancestors(ragTool, byId).getFirst())
                    .isNotEqualTo(root.get("spanId").asText());

            long prompt = 0;
            long completion = 0;
            for (JsonNode span : spans(trace, "LLM")) {
                prompt += span.get("llmTokenCountPrompt").asLong();
                completion += span.get("llmTokenCountCompletion").asLong();
            }
            assertThat(prompt).isEqualTo(ScriptedStub.PROMPT_TOKENS);
            assertThat(completion).isEqualTo(ScriptedStub.COMPLETION_TOKENS);
            assertThat(spans(trace, "LLM"))
                    .anySatisfy(s -> assertThat(ancestors(s, byId))
                            .contains(ragTool.get("spanId").asText()));
            assertThat(root.get("cumulativeLlmTokenCountPrompt").asLong()).isEqualTo(prompt);
            assertThat(root.get("cumulativeLlmTokenCountCompletion").asLong()).isEqualTo(completion);

            // monitoring
            JsonNode kpis = admin.data(
                            "query($p: ID!) { projectKpis(projectId: $p) { title value } }", Map.of("p", project.id()))
                    .get("projectKpis");
            assertThat(kpi(kpis, "Total API Requests")).isGreaterThanOrEqualTo(1);
            assertThat(kpi(kpis, "Total Tokens Usage")).isGreaterThanOrEqualTo(prompt + completion);
            JsonNode charts = admin.data(
                            "query($p: ID!) { projectCharts(projectId: $p) { id title data { labels datasets { label data } } } }",
                            Map.of("p", project.id()))
                    .get("projectCharts");
            double calls = 0;
            for (JsonNode chart : charts) {
                for (JsonNode dataset : chart.get("data").get("datasets")) {
                    if (dataset.get("label").asText().equals("Number of calls per day")) {
                        for (JsonNode v : dataset.get("data")) {
                            calls += v.asDouble();
                        }
                    }
                }
            }
            assertThat(calls).isGreaterThanOrEqualTo(1);
        } finally {
            weather.stop(0);
        }
    }

    /** Creates a FILES source, uploads the Markdown field notes and awaits the ingestion task's completion. */
    private static String ingestMarkdown(GraphQlClient anonymous, GraphQlClient admin, String org) throws Exception {
        String source = admin.data(GraphQlDocuments.named("CreateFilesSource"), Map.of("o", org, "name", "Field notes"))
                .get("createSource")
                .get("id")
                .asText();
        try (KnowledgeIT.Subscription updates =
                KnowledgeIT.Subscription.open(anonymous.baseUrl(), admin.token(), org)) {
            JsonNode upload = KnowledgeIT.multipartUpload(
                    anonymous.baseUrl(),
                    admin.token(),
                    source,
                    List.of(new KnowledgeIT.FilePart("notes.md", "text/markdown", KnowledgeIT.markdown())));
            assertThat(upload.path("errors").isMissingNode())
                    .as(upload.toString())
                    .isTrue();
            String task = upload.get("data").get("uploadFiles").get("id").asText();
            JsonNode done =
                    updates.until(task, "COMPLETED", Duration.ofSeconds(60)).getLast();
            assertThat(done.get("results"))
                    .allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("INGESTED"));
        }
        return source;
    }

    private static List<JsonNode> spans(JsonNode trace, String kind) {
        List<JsonNode> spans = new ArrayList<>();
        trace.get("spans").forEach(s -> {
            if (s.get("spanKind").asText().equals(kind)) {
                spans.add(s);
            }
        });
        return spans;
    }

    /** The span ids above {@code span}, nearest first. */
    private static List<String> ancestors(JsonNode span, Map<String, JsonNode> byId) {
        List<String> ids = new ArrayList<>();
        JsonNode current = span;
        while (!current.get("parentId").isNull()
                && byId.containsKey(current.get("parentId").asText())) {
            String parent = current.get("parentId").asText();
            ids.add(parent);
            current = byId.get(parent);
        }
        return ids;
    }

    private static double kpi(JsonNode kpis, String title) {
        for (JsonNode kpi : kpis) {
            if (kpi.get("title").asText().equals(title)) {
                return kpi.get("value").asDouble();
            }
        }
        throw new AssertionError("no KPI " + title + " in " + kpis);
    }

    /**
     * An OpenAI-compatible chat endpoint scripted for this run. A request without tools, or asking for structured
     * output, is the synthesizer: it answers {@code {"response": SYNTHESIS, "is_successful": true}} (17/5 tokens). An
     * agent request is answered by how many tool results its conversation holds: none → call {@code api_call} (11/3);
     * one → call {@code notion_RAG} (13/4); two → the final {@link #ANSWER} (19/6). Streams when asked to.
     */
    static final class ScriptedStub implements AutoCloseable {
        static final long PROMPT_TOKENS = 11 + 13 + 17 + 19;
        static final long COMPLETION_TOKENS = 3 + 4 + 5 + 6;
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        final List<String> toolResults = new CopyOnWriteArrayList<>();
        final List<String> synthesisPrompts = new CopyOnWriteArrayList<>();

        ScriptedStub() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/v1/chat/completions", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                boolean stream = request.path("stream").asBoolean(false);
                JsonNode messages = request.path("messages");
                Map<String, Object> message;
                String finish = "stop";
                int promptTokens;
                int completionTokens;
                if (request.path("tools").isEmpty() || request.has("response_format")) {
                    synthesisPrompts.add(
                            messages.path(messages.size() - 1).path("content").asText());
                    String content = request.has("response_format")
                            ? JSON.writeValueAsString(Map.of("response", SYNTHESIS, "is_successful", true))
                            : SYNTHESIS;
                    message = Map.of("role", "assistant", "content", content);
                    promptTokens = 17;
                    completionTokens = 5;
                } else {
                    List<String> results = new ArrayList<>();
                    for (JsonNode m : messages) {
                        if (m.path("role").asText().equals("tool")) {
                            results.add(m.path("content").asText());
                        }
                    }
                    if (results.size() < 2) {
                        boolean first = results.isEmpty();
                        String tool = first ? "api_call" : "notion_RAG";
                        String arguments = first
                                ? "{\"query_param1\": \"Thwaites\"}"
                                : "{\"query_text\": \"Where is the station?\"}";
                        message = Map.of(
                                "role",
                                "assistant",
                                "tool_calls",
                                List.of(Map.of(
                                        "index",
                                        0,
                                        "id",
                                        first ? "call_1" : "call_2",
                                        "type",
                                        "function",
                                        "function",
                                        Map.of("name", tool, "arguments", arguments))));
                        finish = "tool_calls";
                        promptTokens = first ? 11 : 13;
                        completionTokens = first ? 3 : 4;
                    } else {
                        toolResults.addAll(results);
                        message = Map.of("role", "assistant", "content", ANSWER);
                        promptTokens = 19;
                        completionTokens = 6;
                    }
                }
                Map<String, Object> usage = Map.of(
                        "prompt_tokens",
                        promptTokens,
                        "completion_tokens",
                        completionTokens,
                        "total_tokens",
                        promptTokens + completionTokens);
                Map<String, Object> base = Map.of("id", "c1", "created", 1, "model", "gpt-4o-mini");
                if (stream) {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        write(out, chunk(base, message, null, null));
                        write(out, chunk(base, Map.of(), finish, usage));
                        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    Map<String, Object> body = new HashMap<>(base);
                    body.put("object", "chat.completion");
                    body.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", finish)));
                    body.put("usage", usage);
                    byte[] json = JSON.writeValueAsBytes(body);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, json.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(json);
                    }
                }
            });
            server.start();
        }

        private static Map<String, Object> chunk(
                Map<String, Object> base, Map<String, Object> delta, String finish, Map<String, Object> usage) {
            Map<String, Object> body = new HashMap<>(base);
            body.put("object", "chat.completion.chunk");
            Map<String, Object> choice = new HashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("finish_reason", finish);
            body.put("choices", List.of(choice));
            if (usage != null) {
                body.put("usage", usage);
            }
            return body;
        }

        private static void write(OutputStream out, Map<String, Object> chunk) throws IOException {
            out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
