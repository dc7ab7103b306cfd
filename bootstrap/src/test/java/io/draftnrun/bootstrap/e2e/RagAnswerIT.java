package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.draftnrun.bootstrap.Commands;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's "done when", end to end on the embedded defaults (local MiniLM embeddings, Lucene): upload a PDF, a DOCX
 * and a Markdown file, watch the task over {@code ingestionTaskUpdates} until it completes, then ask a project Input →
 * RAG (Retriever on the source, Synthesizer on an in-process OpenAI-compatible stub) a question answered on page 2 of
 * the PDF: the answer cites [1], {@code artifacts.sources} names the PDF and its page 2, and the model was given that
 * page's text as "**Source 1:**".
 */
class RagAnswerIT {
    static final String ANSWER = "The rangers migrate the zebras across the savanna every spring [1].";

    @Test
    void aRagProjectAnswersFromTheUploadedFilesCitingTheRightFileAndPage() throws Exception {
        try (SynthesisStub llm = new SynthesisStub();
                Commands.Running server = SharedServer.startDedicated(
                        Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", llm.baseUrl()))) {
            GraphQlClient anonymous = new GraphQlClient(server.server().baseUrl());
            GraphQlClient admin = Users.admin(anonymous);
            String org = Flows.createOrganization(admin, "Rangers");
            String source = admin.data(
                            GraphQlDocuments.named("CreateFilesSource"), Map.of("o", org, "name", "Field guide"))
                    .get("createSource")
                    .get("id")
                    .asText();

            try (KnowledgeIT.Subscription updates =
                    KnowledgeIT.Subscription.open(anonymous.baseUrl(), admin.token(), org)) {
                JsonNode upload = KnowledgeIT.multipartUpload(
                        anonymous.baseUrl(),
                        admin.token(),
                        source,
                        List.of(
                                new KnowledgeIT.FilePart("report.pdf", "application/pdf", KnowledgeIT.pdf()),
                                new KnowledgeIT.FilePart(
                                        "guide.docx",
                                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                        KnowledgeIT.docx()),
                                new KnowledgeIT.FilePart("notes.md", "text/markdown", KnowledgeIT.markdown())));
                assertThat(upload.path("errors").isMissingNode())
                        .as(upload.toString())
                        .isTrue();
                String task = upload.get("data").get("uploadFiles").get("id").asText();
                List<JsonNode> seen = updates.until(task, "COMPLETED", Duration.ofSeconds(60));
                assertThat(seen).extracting(n -> n.get("status").asText()).contains("IN_PROGRESS");
                JsonNode done = seen.getLast();
                assertThat(done.get("filesDone").asInt()).isEqualTo(3);
                assertThat(done.get("results"))
                        .allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("INGESTED"));
            }

            Flows.Graph graph = new Flows.Graph();
            String in = graph.input();
            String rag = graph.node(Flows.RAG, "Field guide RAG", false, Map.of());
            String retriever = graph.node(Flows.RETRIEVER, "Retriever", false, Map.of("data_source", source));
            String synthesizer = graph.node(
                    Flows.SYNTHESIZER, "Synthesizer", false, Map.of("completion_model", "openai:gpt-4o-mini"));
            graph.edge(in, rag).slot(rag, "retriever", retriever).slot(rag, "synthesizer", synthesizer);
            Flows.Project project = Flows.project(admin, org, "Field guide", graph);

            String question = "How are zebras migrated across the savanna?";
            JsonNode run = admin.data(
                            """
                            mutation($p: ID!, $input: JSON!) {
                              runProject(projectId: $p, environment: PRODUCTION, input: $input) {
                                status message artifacts error
                              }
                            }""",
                            Map.of(
                                    "p",
                                    project.id(),
                                    "input",
                                    Map.of("messages", List.of(Map.of("role", "user", "content", question)))))
                    .get("runProject");
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("message").asText()).isEqualTo(ANSWER);
            JsonNode sources = run.get("artifacts").get("sources");
            assertThat(sources).as(run.toString()).hasSize(1);
            JsonNode cited = sources.get(0);
            assertThat(cited.get("document_name").asText()).isEqualTo("report.pdf");
            assertThat(cited.get("content").asText()).contains("Zebras are migrated across the savanna");
            List<Integer> pages = new java.util.ArrayList<>();
            cited.get("metadata").get("page_numbers").forEach(p -> pages.add(p.asInt()));
            assertThat(pages).contains(2);

            assertThat(llm.prompts).hasSize(1);
            String prompt = llm.prompts.getFirst();
            String first = prompt.substring(prompt.indexOf("**Source 1:**"));
            assertThat(first).startsWith("**Source 1:**\n").contains("Zebras are migrated across the savanna");
            assertThat(prompt).contains("Query: " + question);
        }
    }

    /**
     * An OpenAI-compatible chat endpoint that keeps every prompt it gets and answers {@link #ANSWER}: as the
     * {@code {response, is_successful}} object when asked for structured output, as plain text otherwise.
     */
    static final class SynthesisStub implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        final List<String> prompts = new CopyOnWriteArrayList<>();

        SynthesisStub() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/v1/chat/completions", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                JsonNode messages = request.path("messages");
                prompts.add(messages.path(messages.size() - 1).path("content").asText());
                String content = request.has("response_format")
                        ? JSON.writeValueAsString(Map.of("response", ANSWER, "is_successful", true))
                        : ANSWER;
                Map<String, Object> body = new HashMap<>();
                body.put("id", "c1");
                body.put("created", 1);
                body.put("model", "gpt-4o-mini");
                body.put("object", "chat.completion");
                body.put(
                        "choices",
                        List.of(Map.of(
                                "index",
                                0,
                                "message",
                                Map.of("role", "assistant", "content", content),
                                "finish_reason",
                                "stop")));
                body.put("usage", Map.of("prompt_tokens", 40, "completion_tokens", 12, "total_tokens", 52));
                byte[] json = JSON.writeValueAsBytes(body);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(json);
                }
            });
            server.start();
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
