package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.adapter.out.qdrant.FakeQdrantServer;
import io.draftnrun.bootstrap.Commands;
import io.draftnrun.bootstrap.EmbeddedInfrastructure;
import io.draftnrun.bootstrap.Mode;
import io.draftnrun.bootstrap.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's topologies with the built jar ({@link JarProcess}): a {@code worker} beside {@code dev} on the embedded
 * Lucene store refuses at start with one line naming what it needs and a non-zero exit; a {@code worker} sharing
 * Qdrant (the in-process fake), PostgreSQL, Redis and the files directory with {@code serve} ingests an upload.
 */
class WorkerTopologyIT {
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (dir != null) {
            JarProcess.killProcessesUsing(dir.resolve("data"));
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private boolean prepared(String name) throws Exception {
        Optional<String> missing = JarProcess.unavailableBecause();
        if (missing.isPresent()) {
            System.out.println("SKIPPED WorkerTopologyIT: " + missing.get());
            return false;
        }
        dir = Files.createTempDirectory("draftnrun-topology-" + name);
        return true;
    }

    @Test
    void aWorkerBesideDevOnTheEmbeddedStoreRefusesAtStartWithOneLine() throws Exception {
        if (!prepared("dev")) {
            return;
        }
        Path data = dir.resolve("data");
        JarProcess dev = JarProcess.builder("dev")
                .workDir(dir.resolve("dev"))
                .env("DATA_DIR", data.toString())
                .env("ADMIN_USERNAME", Users.ADMIN_EMAIL)
                .env("ADMIN_PASSWORD", Users.ADMIN_PASSWORD)
                .start();
        closeables.add(dev);
        dev.awaitReady(Duration.ofSeconds(180));

        JarProcess worker = JarProcess.builder("worker")
                .workDir(dir.resolve("worker"))
                .env("DATA_DIR", data.toString())
                .start();
        closeables.add(worker);

        assertThat(worker.awaitExit(Duration.ofSeconds(60)))
                .as(worker.logText())
                .hasValue(2);
        List<String> lines = worker.logText().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines)
                .filteredOn(l -> l.startsWith("draftnrun:"))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("draftnrun: worker needs a vector store shared with serve: set QDRANT_CLUSTER_URL")
                        .contains("S3_BUCKET_NAME or the same host and DATA_DIR"));
        assertThat(worker.logText()).doesNotContain("LockObtainFailedException").doesNotContain("\tat ");
        assertThat(dev.isAlive()).isTrue();
    }

    @Test
    void aWorkerSharingQdrantAndTheFilesIngestsBesideServe() throws Exception {
        if (!prepared("qdrant")) {
            return;
        }
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(dir.resolve("services"), true, true);
        closeables.add(infrastructure);
        FakeQdrantServer qdrant = new FakeQdrantServer(null);
        closeables.add(qdrant);
        Map<String, String> settings =
                SharedServer.serveSettings(infrastructure, dir.resolve("data"), "topology-backend-secret");
        settings.put("QDRANT_CLUSTER_URL", "http://127.0.0.1:" + qdrant.port());
        Commands.Running api = Commands.start(new Settings(settings, Map.of()), Mode.SERVE);
        closeables.add(api);
        assertThat(api.server().knowledge().worker()).as("serve runs no worker").isEmpty();

        Map<String, String> workerSettings = new java.util.HashMap<>(settings);
        workerSettings.remove("PORT");
        JarProcess worker = JarProcess.builder("worker")
                .workDir(dir.resolve("worker"))
                .env(workerSettings)
                .start();
        closeables.add(worker);
        assertThat(worker.awaitLog(Pattern.compile("(?m)^Draft'n run worker .* is ready$"), Duration.ofSeconds(120)))
                .as(worker.logText())
                .isTrue();

        GraphQlClient anonymous = new GraphQlClient(api.server().baseUrl());
        GraphQlClient user = Users.newUser(anonymous, "topology");
        String org = Flows.createOrganization(user, "Topology");
        String sourceId = user.data(GraphQlDocuments.named("CreateFilesSource"), Map.of("o", org, "name", "Shared"))
                .get("createSource")
                .get("id")
                .asText();
        JsonNode upload = KnowledgeIT.multipartUpload(
                anonymous.baseUrl(),
                user.token(),
                sourceId,
                List.of(
                        new KnowledgeIT.FilePart(
                                "one.md",
                                "text/markdown",
                                WorkerCrashIT.manual(1).getBytes(StandardCharsets.UTF_8)),
                        new KnowledgeIT.FilePart(
                                "two.md",
                                "text/markdown",
                                WorkerCrashIT.manual(2).getBytes(StandardCharsets.UTF_8))));
        assertThat(upload.path("errors").isMissingNode()).as(upload.toString()).isTrue();
        String taskId = upload.get("data").get("uploadFiles").get("id").asText();

        JsonNode done = DatabaseSourceIT.awaitTask(
                user,
                taskId,
                t -> List.of("COMPLETED", "FAILED").contains(t.get("status").asText()),
                Duration.ofSeconds(90));
        assertThat(done.get("status").asText())
                .as(done + "\n" + worker.logText())
                .isEqualTo("COMPLETED");
        String collection = io.draftnrun.domain.knowledge.Source.collectionOf(
                new io.draftnrun.domain.knowledge.SourceId(java.util.UUID.fromString(sourceId)));
        assertThat(api.server().knowledge().vectorStore().count(collection))
                .isEqualTo(done.get("chunksDone").asLong())
                .isPositive();
    }
}
