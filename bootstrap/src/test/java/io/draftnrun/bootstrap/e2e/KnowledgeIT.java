package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.bootstrap.KnowledgeWiring;
import io.draftnrun.domain.llm.ModelReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

/**
 * A new user's knowledge base on the embedded defaults: create a source, upload a PDF, a DOCX, a Markdown file and a
 * corrupt PDF over the GraphQL multipart endpoint, watch the task over {@code ingestionTaskUpdates} (graphql-transport-ws)
 * until it completes, then find the right file and page in the vector store with the real MiniLM embeddings.
 */
class KnowledgeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @SuppressWarnings("unchecked")
    void uploadedFilesAreIngestedWithLiveProgressAndFoundByFileAndPage() throws Exception {
        GraphQlClient anonymous = SharedServer.client();
        GraphQlClient user = Users.newUser(anonymous, "knowledge");
        String org = user.data("mutation{ createOrganization(name:\"Knowledge\"){ id } }")
                .get("createOrganization")
                .get("id")
                .asText();
        JsonNode source = user.data(
                        "mutation($o:ID!){ createSource(input:{organizationId:$o, name:\"Handbook\", type:FILES}){"
                                + " id embeddingModel dimensions collection } }",
                        Map.of("o", org))
                .get("createSource");
        assertThat(source.get("embeddingModel").asText()).isEqualTo("local:all-minilm-l6-v2");
        assertThat(source.get("dimensions").asInt()).isEqualTo(384);

        try (Subscription updates = Subscription.open(anonymous.baseUrl(), user.token(), org)) {
            JsonNode upload = multipartUpload(
                    anonymous.baseUrl(),
                    user.token(),
                    source.get("id").asText(),
                    List.of(
                            new FilePart("report.pdf", "application/pdf", pdf()),
                            new FilePart(
                                    "guide.docx",
                                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                    docx()),
                            new FilePart("notes.md", "text/markdown", markdown()),
                            new FilePart("broken.pdf", "application/pdf", "%PDF-1.7 garbage".getBytes())));
            assertThat(upload.path("errors").isMissingNode())
                    .as(upload.toString())
                    .isTrue();
            JsonNode task = upload.get("data").get("uploadFiles");
            assertThat(task.get("status").asText()).isEqualTo("PENDING");
            assertThat(task.get("filesTotal").asInt()).isEqualTo(4);

            List<JsonNode> seen = updates.until(task.get("id").asText(), "COMPLETED", Duration.ofSeconds(60));
            JsonNode done = seen.getLast();
            assertThat(seen).extracting(n -> n.get("status").asText()).contains("IN_PROGRESS");
            assertThat(seen.stream().filter(n -> n.get("status").asText().equals("IN_PROGRESS")))
                    .anySatisfy(n -> assertThat(n.get("chunksTotal").asInt()).isPositive());
            assertThat(done.get("chunksDone").asInt())
                    .isEqualTo(done.get("chunksTotal").asInt())
                    .isPositive();
            Map<String, JsonNode> results = new LinkedHashMap<>();
            done.get("results").forEach(r -> results.put(r.get("name").asText(), r));
            assertThat(results.keySet())
                    .containsExactlyInAnyOrder("report.pdf", "guide.docx", "notes.md", "broken.pdf");
            assertThat(results.get("report.pdf").get("outcome").asText()).isEqualTo("INGESTED");
            assertThat(results.get("guide.docx").get("outcome").asText()).isEqualTo("INGESTED");
            assertThat(results.get("notes.md").get("outcome").asText()).isEqualTo("INGESTED");
            assertThat(results.get("broken.pdf").get("outcome").asText()).isEqualTo("FAILED");
            assertThat(results.get("broken.pdf").get("error").asText()).isNotBlank();
        }

        KnowledgeWiring knowledge = SharedServer.running().server().knowledge();
        String collection = source.get("collection").asText();
        ScoredPoint zebra = search(knowledge, collection, "How are zebras migrated across the savanna?");
        assertThat(zebra.payload()).containsEntry("document_name", "report.pdf");
        assertThat((List<Object>) zebra.payload().get("page_numbers")).contains(2L); // the short pages share one chunk
        assertThat((String) zebra.payload().get("content")).contains("Zebras are migrated");
        ScoredPoint docx = search(knowledge, collection, "What is the warranty period of the coffee machine?");
        assertThat(docx.payload()).containsEntry("document_name", "guide.docx");
        ScoredPoint md = search(knowledge, collection, "Which glacier holds the research station?");
        assertThat(md.payload()).containsEntry("document_name", "notes.md");

        JsonNode tasks = user.data(
                        "query($o:ID!){ ingestionTasks(organizationId:$o, first:5){ edges { node { status } }"
                                + " pageInfo { hasNextPage } } }",
                        Map.of("o", org))
                .get("ingestionTasks");
        assertThat(tasks.get("edges")).hasSize(1);
        assertThat(tasks.get("edges").get(0).get("node").get("status").asText()).isEqualTo("COMPLETED");

        assertThat(user.data(
                                "mutation($s:ID!){ deleteSource(id:$s) }",
                                Map.of("s", source.get("id").asText()))
                        .get("deleteSource")
                        .asBoolean())
                .isTrue();
        assertThat(knowledge.vectorStore().collectionExists(collection)).isFalse();
    }

    @Test
    void anUploadNeedsASignedInCaller() throws Exception {
        GraphQlClient anonymous = SharedServer.client();
        JsonNode refused = multipartUpload(
                anonymous.baseUrl(),
                null,
                UUID.randomUUID().toString(),
                List.of(new FilePart("a.md", "text/markdown", "# A".getBytes())));
        assertThat(refused.get("errors").get(0).get("extensions").get("code").asText())
                .isEqualTo("UNAUTHENTICATED");
    }

    private static ScoredPoint search(KnowledgeWiring knowledge, String collection, String question) {
        float[] query = knowledge
                .embeddings()
                .embed(ModelReference.parse("local:all-minilm-l6-v2"), ProviderCredentials.none(), List.of(question))
                .getFirst();
        return knowledge
                .vectorStore()
                .search(collection, query, 1, VectorFilter.none())
                .getFirst();
    }

    record FilePart(String name, String contentType, byte[] bytes) {}

    /** POST /graphql as multipart/form-data per the GraphQL multipart request specification. */
    static JsonNode multipartUpload(URI base, String token, String sourceId, List<FilePart> files)
            throws IOException, InterruptedException {
        String boundary = "----e2e" + UUID.randomUUID();
        List<Object> nulls = new ArrayList<>();
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            nulls.add(null);
            map.put(Integer.toString(i), List.of("variables.files." + i));
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("s", sourceId);
        variables.put("files", nulls);
        String operations = JSON.writeValueAsString(Map.of(
                "query",
                "mutation($s:ID!, $files:[Upload!]!){ uploadFiles(sourceId:$s, files:$files){ id status filesTotal } }",
                "variables",
                variables));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "Content-Disposition: form-data; name=\"operations\"\r\n", operations.getBytes());
        part(body, boundary, "Content-Disposition: form-data; name=\"map\"\r\n", JSON.writeValueAsBytes(map));
        for (int i = 0; i < files.size(); i++) {
            FilePart f = files.get(i);
            part(
                    body,
                    boundary,
                    "Content-Disposition: form-data; name=\"" + i + "\"; filename=\"" + f.name()
                            + "\"\r\nContent-Type: " + f.contentType() + "\r\n",
                    f.bytes());
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/graphql"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void part(ByteArrayOutputStream body, String boundary, String headers, byte[] content)
            throws IOException {
        body.write(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** A graphql-transport-ws subscription to ingestionTaskUpdates over the JDK WebSocket client. */
    static final class Subscription implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Subscription open(URI base, String token, String organizationId) throws Exception {
            Subscription s = new Subscription();
            URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/graphql");
            s.socket = HTTP.newWebSocketBuilder()
                    .subprotocols("graphql-transport-ws")
                    .buildAsync(ws, s)
                    .get(10, TimeUnit.SECONDS);
            s.send(Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + token)));
            JsonNode ack = s.messages.poll(10, TimeUnit.SECONDS);
            assertThat(ack).isNotNull();
            assertThat(ack.get("type").asText()).isEqualTo("connection_ack");
            s.send(Map.of(
                    "id",
                    "1",
                    "type",
                    "subscribe",
                    "payload",
                    Map.of(
                            "query",
                            "subscription($o:ID!){ ingestionTaskUpdates(organizationId:$o){ id status filesDone"
                                    + " filesTotal chunksDone chunksTotal error results { name outcome chunks error } } }",
                            "variables",
                            Map.of("o", organizationId))));
            return s;
        }

        void send(Map<String, Object> message) throws IOException {
            socket.sendText(JSON.writeValueAsString(message), true).join();
        }

        /** The updates of one task, up to and including the first with {@code status}. */
        List<JsonNode> until(String taskId, String status, Duration timeout) throws InterruptedException {
            List<JsonNode> updates = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode message =
                        messages.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (message == null) {
                    break;
                }
                assertThat(message.get("type").asText()).as(message.toString()).isNotEqualTo("error");
                JsonNode task = message.path("payload").path("data").path("ingestionTaskUpdates");
                if (task.isMissingNode() || !task.get("id").asText().equals(taskId)) {
                    continue;
                }
                updates.add(task);
                if (task.get("status").asText().equals(status)) {
                    return updates;
                }
            }
            throw new AssertionError("no " + status + " update within " + timeout + "; got " + updates);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    static byte[] pdf() throws IOException {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            page(document, "Annual report. Revenue grew in every region and the team doubled in size.");
            page(document, "Zebra migration. Zebras are migrated across the savanna every spring by the rangers.");
            document.save(out);
            return out.toByteArray();
        }
    }

    private static void page(PDDocument document, String text) throws IOException {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            content.newLineAtOffset(72, 700);
            content.showText(text);
            content.endText();
        }
    }

    static byte[] docx() throws IOException {
        try (XWPFDocument document = new XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph()
                    .createRun()
                    .setText("Coffee machine manual. The warranty period of the coffee machine is two years.");
            document.write(out);
            return out.toByteArray();
        }
    }

    static byte[] markdown() {
        return """
                # Field notes

                ## Antarctica
                The research station sits on the Thwaites glacier, which holds it through the winter.
                """.getBytes(StandardCharsets.UTF_8);
    }
}
