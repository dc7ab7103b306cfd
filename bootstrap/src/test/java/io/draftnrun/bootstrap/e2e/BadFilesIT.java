package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's "done when" for per-file isolation, on the dev server (embedded PostgreSQL stores the chunks, so a NUL
 * reaching it would be refused for real): a file with a NUL in readable text, 4000 random bytes named {@code .txt}, a
 * corrupt PDF and an empty file uploaded with five good files. The task ends within 30 s, the good files are ingested
 * and each bad file has its own outcome: the NUL file ingested once cleaned, the others failed with their reason.
 */
class BadFilesIT {
    @Test
    void badFilesFailAloneAndTheTaskEndsWithEveryFilesOutcome() throws Exception {
        GraphQlClient anonymous = SharedServer.client();
        GraphQlClient user = Users.newUser(anonymous, "badfiles");
        String org = Flows.createOrganization(user, "Bad files");
        String sourceId = user.data(GraphQlDocuments.named("CreateFilesSource"), Map.of("o", org, "name", "Mixed"))
                .get("createSource")
                .get("id")
                .asText();
        List<KnowledgeIT.FilePart> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            files.add(new KnowledgeIT.FilePart(
                    "good-" + i + ".md",
                    "text/markdown",
                    WorkerCrashIT.manual(i).getBytes(StandardCharsets.UTF_8)));
        }
        files.add(new KnowledgeIT.FilePart(
                "nul.txt",
                "text/plain",
                "a\u0000b\nThe lighthouse keeper logs the tide every morning at six.\n"
                        .getBytes(StandardCharsets.UTF_8)));
        byte[] noise = new byte[4000];
        new Random(4000).nextBytes(noise);
        files.add(new KnowledgeIT.FilePart("noise.txt", "text/plain", noise));
        files.add(new KnowledgeIT.FilePart(
                "corrupt.pdf",
                "application/pdf",
                "%PDF-1.7\n1 0 obj garbage\n%%EOF".getBytes(StandardCharsets.US_ASCII)));
        files.add(new KnowledgeIT.FilePart("empty.txt", "text/plain", new byte[0]));

        JsonNode upload = KnowledgeIT.multipartUpload(anonymous.baseUrl(), user.token(), sourceId, files);
        assertThat(upload.path("errors").isMissingNode()).as(upload.toString()).isTrue();
        String taskId = upload.get("data").get("uploadFiles").get("id").asText();

        DatabaseSourceIT.awaitTask(
                user,
                taskId,
                t -> List.of("COMPLETED", "FAILED").contains(t.get("status").asText()),
                Duration.ofSeconds(30));
        JsonNode task = user.data(
                        "query($id:ID!){ ingestionTask(id:$id){ status error filesDone filesTotal"
                                + " results { name outcome chunks error } } }",
                        Map.of("id", taskId))
                .get("ingestionTask");
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.get("filesDone").asInt()).isEqualTo(9);
        Map<String, JsonNode> results = new LinkedHashMap<>();
        task.get("results").forEach(r -> results.put(r.get("name").asText(), r));
        for (int i = 1; i <= 5; i++) {
            assertThat(results.get("good-" + i + ".md").get("outcome").asText()).isEqualTo("INGESTED");
        }
        assertThat(results.get("nul.txt").get("outcome").asText())
                .as(results.get("nul.txt").toString())
                .isEqualTo("INGESTED");
        assertThat(results.get("noise.txt").get("outcome").asText()).isEqualTo("FAILED");
        assertThat(results.get("noise.txt").get("error").asText()).contains("is not readable text");
        assertThat(results.get("corrupt.pdf").get("outcome").asText()).isEqualTo("FAILED");
        assertThat(results.get("corrupt.pdf").get("error").asText()).contains("is not a readable PDF file");
        assertThat(results.get("empty.txt").get("outcome").asText()).isEqualTo("FAILED");
        assertThat(results.get("empty.txt").get("error").asText()).contains("contains no text");

        // what was ingested, document by document and chunk by chunk, the NUL gone from what PostgreSQL stored
        JsonNode documents = user.data(
                        "query($s:ID!){ documents(sourceId:$s, first:4){ edges { cursor node { id name chunkCount } }"
                                + " pageInfo { hasNextPage endCursor } } }",
                        Map.of("s", sourceId))
                .get("documents");
        assertThat(documents.get("edges")).hasSize(4);
        assertThat(documents.get("pageInfo").get("hasNextPage").asBoolean()).isTrue();
        JsonNode rest = user.data(
                        "query($s:ID!, $a:String){ documents(sourceId:$s, first:4, after:$a){ edges { node { id name } }"
                                + " pageInfo { hasNextPage } } }",
                        Map.of(
                                "s",
                                sourceId,
                                "a",
                                documents.get("pageInfo").get("endCursor").asText()))
                .get("documents");
        List<String> names = new ArrayList<>();
        documents.get("edges").forEach(e -> names.add(e.get("node").get("name").asText()));
        rest.get("edges").forEach(e -> names.add(e.get("node").get("name").asText()));
        assertThat(names).containsExactly("good-1.md", "good-2.md", "good-3.md", "good-4.md", "good-5.md", "nul.txt");
        String nulId = rest.get("edges").get(1).get("node").get("id").asText();
        JsonNode nulChunks = user.data(
                        "query($d:ID!){ chunks(documentId:$d){ edges { node { index content documentName } } } }",
                        Map.of("d", nulId))
                .get("chunks");
        assertThat(nulChunks.get("edges").get(0).get("node").get("content").asText())
                .contains("ab")
                .contains("The lighthouse keeper")
                .doesNotContain("\u0000");
        GraphQlClient outsider = Users.newUser(anonymous, "badfiles-outsider");
        assertThat(outsider.execute("query($d:ID!){ chunks(documentId:$d){ edges { cursor } } }", Map.of("d", nulId))
                        .errorCode())
                .isEqualTo("NOT_FOUND");
        assertThat(outsider.execute(
                                "query($s:ID!){ documents(sourceId:$s){ edges { cursor } } }", Map.of("s", sourceId))
                        .errorCode())
                .isEqualTo("NOT_FOUND");
    }
}
