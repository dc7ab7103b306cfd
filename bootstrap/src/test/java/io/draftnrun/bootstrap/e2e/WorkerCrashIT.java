package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.adapter.out.documents.JtokkitTokenCounter;
import io.draftnrun.adapter.out.documents.MultiFormatDocumentParser;
import io.draftnrun.adapter.out.qdrant.FakeQdrantServer;
import io.draftnrun.application.knowledge.ParseResult;
import io.draftnrun.application.knowledge.UploadFiles;
import io.draftnrun.bootstrap.Commands;
import io.draftnrun.bootstrap.EmbeddedInfrastructure;
import io.draftnrun.bootstrap.Mode;
import io.draftnrun.bootstrap.Settings;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.MarkdownTreeChunker;
import io.draftnrun.domain.knowledge.SourceId;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's worker "done when" with real processes: an API server in {@code serve} mode (no in-process worker) in this
 * JVM and {@code worker} processes of our Main, sharing an embedded PostgreSQL, an embedded Redis (the Redis Streams
 * queue), the files directory and an in-process Qdrant (gRPC). A worker killed ({@code destroyForcibly}) in the middle
 * of a task leaves it to the next worker, which takes over the stale delivery after
 * {@code INGESTION_RECLAIM_IDLE_SECONDS} and finishes it with exactly the chunks of a clean ingestion, none lost and
 * none duplicated; and with {@code MAX_CONCURRENT_INGESTIONS=1}, three tasks queued at once all complete.
 */
class WorkerCrashIT {
    private static final int FILES = 40;
    private final List<Process> workers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() throws Exception {
        workers.forEach(Process::destroyForcibly);
        for (Process worker : workers) {
            worker.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aKilledWorkersTaskIsFinishedByTheNextWithNoLostOrDuplicateChunksAndEveryQueuedTaskCompletes()
            throws Exception {
        dir = Files.createTempDirectory("draftnrun-worker-crash");
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(dir, true, true);
        closeables.add(infrastructure);
        FakeQdrantServer qdrant = new FakeQdrantServer(null);
        closeables.add(qdrant);
        Map<String, String> settings =
                SharedServer.serveSettings(infrastructure, dir.resolve("data"), "worker-crash-backend-secret");
        settings.put("QDRANT_CLUSTER_URL", "http://127.0.0.1:" + qdrant.port());
        // the worker settings under test: one job at a time, stale deliveries taken over after 2 s, and batches of one
        // chunk (progress is saved after a batch at most once a second, so the kill lands between saved batches)
        settings.put("MAX_CONCURRENT_INGESTIONS", "1");
        settings.put("INGESTION_RECLAIM_IDLE_SECONDS", "2");
        settings.put("EMBEDDING_BATCH_SIZE", "1");
        Commands.Running api = Commands.start(new Settings(settings, Map.of()), Mode.SERVE);
        closeables.add(api);
        GraphQlClient anonymous = new GraphQlClient(api.server().baseUrl());
        GraphQlClient user = Users.newUser(anonymous, "crash");
        String org = Flows.createOrganization(user, "Crash test");
        String sourceId = user.data(
                        // 1024-token chunks (ChunkingOptions.LEGACY): the corpus was sized for them
                        GraphQlDocuments.named("CreateFilesSource"),
                        Map.of("o", org, "name", "Manuals", "chunkSize", 1024, "chunkOverlap", 50))
                .get("createSource")
                .get("id")
                .asText();

        List<KnowledgeIT.FilePart> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            files.add(new KnowledgeIT.FilePart(
                    "manual-" + i + ".md", "text/markdown", manual(i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> expected = cleanChunkIds(new SourceId(UUID.fromString(sourceId)), files);
        assertThat(expected).hasSizeGreaterThan(FILES);

        Process first = startWorker(settings, dir, "first");
        String task = upload(anonymous, user, sourceId, files);
        JsonNode midway = DatabaseSourceIT.awaitTask(
                user,
                task,
                t -> t.get("status").asText().equals("IN_PROGRESS")
                        && t.get("chunksDone").asInt() >= 5,
                Duration.ofSeconds(45));
        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        JsonNode atKill = DatabaseSourceIT.awaitTask(user, task, t -> true, Duration.ofSeconds(1));
        assertThat(atKill.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(atKill.get("chunksDone").asInt())
                .as("killed in the middle of the task (%s)", midway)
                .isLessThan(expected.size());

        long restarted = System.nanoTime();
        startWorker(settings, dir, "second");
        JsonNode done = DatabaseSourceIT.awaitTask(
                user,
                task,
                t -> List.of("COMPLETED", "FAILED").contains(t.get("status").asText()),
                Duration.ofSeconds(45));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("chunksDone").asInt()).isEqualTo(expected.size());
        System.out.printf(
                "WorkerCrashIT: %d chunks, worker killed at %d, finished by the next worker %d ms after its start%n",
                expected.size(),
                atKill.get("chunksDone").asInt(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));

        List<String> stored = chunkIds(infrastructure, sourceId);
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).isEqualTo(expected);
        String collection = io.draftnrun.domain.knowledge.Source.collectionOf(new SourceId(UUID.fromString(sourceId)));
        assertThat(api.server().knowledge().vectorStore().count(collection)).isEqualTo(expected.size());

        // more tasks than MAX_CONCURRENT_INGESTIONS (1): every one completes
        List<String> queued = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            queued.add(upload(
                    anonymous,
                    user,
                    sourceId,
                    List.of(new KnowledgeIT.FilePart(
                            "extra-" + t + ".md",
                            "text/markdown",
                            manual(100 + t).getBytes(StandardCharsets.UTF_8)))));
        }
        AtomicInteger mostRunning = new AtomicInteger();
        for (String id : queued) {
            JsonNode finished = DatabaseSourceIT.awaitTask(
                    user,
                    id,
                    t -> {
                        mostRunning.accumulateAndGet(running(user, org), Math::max);
                        return List.of("COMPLETED", "FAILED")
                                .contains(t.get("status").asText());
                    },
                    Duration.ofSeconds(30));
            assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("COMPLETED");
        }
        assertThat(mostRunning.get()).as("tasks seen in progress at once").isLessThanOrEqualTo(1);
    }

    /** A manual of a few sections, about 700 words, different for each {@code n}. */
    static String manual(int n) {
        StringBuilder text = new StringBuilder("# Manual " + n + "\n\n");
        for (int section = 1; section <= 4; section++) {
            text.append("## Chapter ").append(section).append("\n\n");
            for (int s = 0; s < 14; s++) {
                text.append("Device ")
                        .append(n)
                        .append(" chapter ")
                        .append(section)
                        .append(" step ")
                        .append(s)
                        .append(" explains how to calibrate the sensor before the first use. ");
            }
            text.append("\n\n");
        }
        return text.toString();
    }

    /** The chunk ids a clean ingestion of the files gives: same parser, tokenizer, chunker and options as the worker. */
    static Set<String> cleanChunkIds(SourceId source, List<KnowledgeIT.FilePart> files) {
        MultiFormatDocumentParser parser = new MultiFormatDocumentParser();
        MarkdownTreeChunker chunker = new MarkdownTreeChunker(new JtokkitTokenCounter()::count, ChunkingOptions.LEGACY);
        Set<String> ids = new HashSet<>();
        for (KnowledgeIT.FilePart file : files) {
            var parsed = (ParseResult.Parsed) parser.parse(file.name(), file.contentType(), file.bytes());
            String fileId = UploadFiles.fileId(source, file.name());
            chunker.chunk(fileId, file.name(), parsed.document().sections()).forEach(c -> ids.add(c.id()));
        }
        return ids;
    }

    private static List<String> chunkIds(EmbeddedInfrastructure infrastructure, String sourceId) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + infrastructure.postgresPort() + "/ingestion";
        try (Connection c = DriverManager.getConnection(
                        url, "postgres", infrastructure.passwords().postgres());
                PreparedStatement s = c.prepareStatement("SELECT chunk_id FROM chunks WHERE source_id = ?")) {
            s.setObject(1, UUID.fromString(sourceId));
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private static int running(GraphQlClient user, String org) {
        JsonNode edges = user.data(
                        "query($o:ID!){ ingestionTasks(organizationId:$o, first:10){ edges { node { status } } } }",
                        Map.of("o", org))
                .get("ingestionTasks")
                .get("edges");
        int running = 0;
        for (JsonNode edge : edges) {
            if (edge.get("node").get("status").asText().equals("IN_PROGRESS")) {
                running++;
            }
        }
        return running;
    }

    private static String upload(
            GraphQlClient anonymous, GraphQlClient user, String sourceId, List<KnowledgeIT.FilePart> files)
            throws Exception {
        JsonNode upload = KnowledgeIT.multipartUpload(anonymous.baseUrl(), user.token(), sourceId, files);
        assertThat(upload.path("errors").isMissingNode()).as(upload.toString()).isTrue();
        return upload.get("data").get("uploadFiles").get("id").asText();
    }

    /** A {@code worker} process of our Main on the test classpath, with exactly {@code settings} as configuration. */
    private Process startWorker(Map<String, String> settings, Path dir, String name) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path work = Files.createDirectories(dir.resolve("worker-" + name));
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        classpath,
                        "--enable-native-access=ALL-UNNAMED",
                        "io.draftnrun.bootstrap.Main",
                        "worker")
                .directory(work.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ADA_")
                        || k.contains("SECRET")
                        || k.contains("KEY")
                        || k.startsWith("REDIS_")
                        || k.startsWith("QDRANT_")
                        || k.equals("PORT"));
        builder.environment().putAll(settings);
        builder.environment().put("WORKER_NAME", "worker-" + name);
        File log = work.resolve("worker.log").toFile();
        builder.redirectErrorStream(true).redirectOutput(log);
        Process process = builder.start();
        workers.add(process);
        return process;
    }
}
