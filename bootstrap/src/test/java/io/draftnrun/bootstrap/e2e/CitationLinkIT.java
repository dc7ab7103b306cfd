package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's citations, end to end on the built jar in {@code dev} (local files, Lucene, MiniLM): a source chunked
 * by sentences (its own chunk size of 32 tokens) holds a three-page PDF; a RAG with a Formatter
 * listing its sources answers from an uploaded PDF; the answer lists {@code report.pdf, page 2 — <link>}; the link
 * downloads the PDF (its bytes, content type and name); the same link with an altered signature is refused, and so is
 * the link once it expired ({@code DOCUMENT_LINK_TTL_SECONDS=3}, awaited, not slept); the model never saw a storage key.
 */
class CitationLinkIT {
    private static final String FORMATTER = "079512c6-28e2-455f-af2c-f196015534bd";
    private static final Pattern CITED = Pattern.compile("\\[1] report\\.pdf, page 2 \u2014 (\\S+)");

    @Test
    void aCitedPdfShowsItsNameAndPageAndALinkThatDownloadsItUntilItExpires() throws Exception {
        assertThat(JarProcess.unavailableBecause())
                .as("the built jar and its tools")
                .isEmpty();
        byte[] pdf = pdf();
        Path dir = Files.createTempDirectory("draftnrun-citations");
        try (RagAnswerIT.SynthesisStub llm = new RagAnswerIT.SynthesisStub();
                JarProcess jar = JarProcess.builder("dev")
                        .workDir(dir.resolve("work"))
                        .env("DATA_DIR", dir.resolve("data").toString())
                        .env("ADMIN_USERNAME", Users.ADMIN_EMAIL)
                        .env("ADMIN_PASSWORD", Users.ADMIN_PASSWORD)
                        .env("OPENAI_API_KEY", "sk-test")
                        .env("OPENAI_BASE_URL", llm.baseUrl())
                        .env("DOCUMENT_LINK_TTL_SECONDS", "3")
                        .start()) {
            jar.awaitReady(Duration.ofSeconds(180));
            GraphQlClient anonymous = new GraphQlClient(jar.baseUrl());
            GraphQlClient admin = Users.admin(anonymous);
            String org = Flows.createOrganization(admin, "Citations");
            String source = admin.data(
                            "mutation($o:ID!){ createSource(input:{organizationId:$o, name:\"Reports\","
                                    + " type:FILES, chunkSize:32, chunkOverlap:0}){ id chunkSize chunkOverlap } }",
                            Map.of("o", org))
                    .get("createSource")
                    .get("id")
                    .asText();
            try (KnowledgeIT.Subscription updates =
                    KnowledgeIT.Subscription.open(anonymous.baseUrl(), admin.token(), org)) {
                JsonNode upload = KnowledgeIT.multipartUpload(
                        anonymous.baseUrl(),
                        admin.token(),
                        source,
                        List.of(new KnowledgeIT.FilePart("report.pdf", "application/pdf", pdf)));
                String task = upload.get("data").get("uploadFiles").get("id").asText();
                updates.until(task, "COMPLETED", Duration.ofSeconds(60));
            }

            Flows.Graph graph = new Flows.Graph();
            String in = graph.input();
            String rag = graph.node(Flows.RAG, "Reports RAG", false, Map.of());
            String retriever = graph.node(Flows.RETRIEVER, "Retriever", false, Map.of("data_source", source));
            String synthesizer = graph.node(
                    Flows.SYNTHESIZER, "Synthesizer", false, Map.of("completion_model", "openai:gpt-4o-mini"));
            String formatter = graph.node(FORMATTER, "Formatter", false, Map.of("add_sources", true));
            graph.edge(in, rag)
                    .slot(rag, "retriever", retriever)
                    .slot(rag, "synthesizer", synthesizer)
                    .slot(rag, "formatter", formatter);
            Flows.Project project = Flows.project(admin, org, "Reports", graph);

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
                                    Map.of(
                                            "messages",
                                            List.of(Map.of(
                                                    "role",
                                                    "user",
                                                    "content",
                                                    "How are zebras migrated across the savanna?")))))
                    .get("runProject");
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
            String message = run.get("message").asText();
            Matcher cited = CITED.matcher(message);
            assertThat(cited.find()).as(message).isTrue();
            String link = cited.group(1);
            assertThat(link).startsWith(jar.baseUrl() + "/files/download?");
            assertThat(run.get("artifacts").get("sources").get(0).get("url").asText())
                    .isEqualTo(link);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> download = get(http, link);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(pdf);
            assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("inline; filename=\"report.pdf\"");

            String tampered =
                    link.replaceFirst("signature=.", "signature=" + (link.contains("signature=A") ? "B" : "A"));
            HttpResponse<byte[]> refused = get(http, tampered);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(new String(refused.body())).isEqualTo("this link is invalid or has expired");
            assertThat(get(http, link.substring(0, link.indexOf("&signature="))).statusCode())
                    .isEqualTo(403);

            // waits on the link's expiry, without sleeping
            int status = await().atMost(Duration.ofSeconds(60))
                    .until(() -> get(http, link).statusCode(), code -> code != 200);
            assertThat(status).as("the link is refused once expired").isEqualTo(403);

            String prompt = llm.prompts.getLast();
            assertThat(prompt)
                    .contains("document_name: report.pdf")
                    .doesNotContain(org)
                    .doesNotContain(source);
        }
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Three pages of sentences of about 20 tokens: with the source's chunk size of 32 tokens each sentence is a chunk,
     * so the answer's chunk lies on one page.
     */
    static byte[] pdf() throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            page(
                    document,
                    "Annual report: revenue grew in every region and the team doubled in size this year. The committee"
                            + " reviewed the figures of the period with the regional managers and the board.");
            page(
                    document,
                    "Zebras are migrated across the savanna every spring by the rangers of the national park. The herds"
                            + " follow the river to the southern plains, where the grass is green after the rains.");
            page(
                    document,
                    "Two new offices opened in the north this year, each with its own meeting rooms and kitchen. Staff"
                            + " can book desks in either office through the facilities portal.");
            document.save(out);
            return out.toByteArray();
        }
    }

    private static void page(org.apache.pdfbox.pdmodel.PDDocument document, String text) throws java.io.IOException {
        org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
        document.addPage(page);
        try (org.apache.pdfbox.pdmodel.PDPageContentStream content =
                new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(
                    new org.apache.pdfbox.pdmodel.font.PDType1Font(
                            org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA),
                    11);
            content.setLeading(14);
            content.newLineAtOffset(60, 720);
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                if (line.length() + word.length() > 90) {
                    content.showText(line.toString().strip());
                    content.newLine();
                    line.setLength(0);
                }
                line.append(word).append(' ');
            }
            content.showText(line.toString().strip());
            content.endText();
        }
    }
}
