package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.documents.JtokkitTokenCounter;
import io.draftnrun.adapter.out.documents.MultiFormatDocumentParser;
import io.draftnrun.application.knowledge.CreateSource;
import io.draftnrun.application.knowledge.ParseResult;
import io.draftnrun.application.knowledge.UploadFiles;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.domain.knowledge.Chunk;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.MarkdownTreeChunker;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.knowledge.TaskStatus;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Role;
import io.draftnrun.domain.organization.UserId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * {@code make bench} part: ingestion throughput in chunks per second end to end, as {@code dev} runs it: from the
 * upload accepted ({@link UploadFiles}: files stored, task written, job queued on the Redis stream) to the task
 * COMPLETED by the ingestion worker consuming that queue (read the file from the blob store, parse, chunk, store chunks
 * in PostgreSQL, embed with the in-process MiniLM, upsert into Lucene, save and announce progress through Redis), next
 * to the raw embedding throughput of the same model on the same chunk texts, in the same
 * run (raw measured before and after the ingestion, averaged, with the same batches: per file, at most 32 texts). The corpus is generated markdown, {@code pages} pages
 * of about 400 words in {@code files} files. Usage: {@code IngestionBenchmark [pages] [files]} (default 300, 10).
 */
public final class IngestionBenchmark {
    private static final int BATCH = 32;

    private IngestionBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int fileCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("ingestion-bench");
        Map<String, String> values = new java.util.HashMap<>();
        values.put("DATA_DIR", dir.resolve("data").toString());
        values.put("EMBEDDING_BATCH_SIZE", Integer.toString(BATCH));
        values.put("MAX_CONCURRENT_INGESTIONS", "1");
        Settings settings = new Settings(values, Map.of());
        try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start(dir.resolve("db"), true, true)) {
            for (String db : EmbeddedInfrastructure.DATABASES) {
                settings.supply(Commands.variableOf(db), embedded.databaseUrl(db));
            }
            settings.supply("REDIS_HOST", "127.0.0.1");
            settings.supply("REDIS_PORT", Integer.toString(embedded.redisPort()));
            settings.supply("REDIS_PASSWORD", embedded.passwords().redis());
            Configuration configuration = Configuration.parse(settings);
            try (Infrastructure infrastructure = Infrastructure.open(
                            configuration.stores(), Infrastructure.Need.REDIS, Infrastructure.Need.VECTORS);
                    Lifecycle lifecycle = new Lifecycle()) {
                infrastructure.migrate();
                KnowledgeWiring knowledge = KnowledgeWiring.create(configuration, infrastructure, lifecycle);
                run(infrastructure, knowledge, pages, fileCount);
            }
        }
    }

    private static void run(Infrastructure infrastructure, KnowledgeWiring knowledge, int pages, int fileCount)
            throws Exception {
        var embeddings = knowledge.embeddings(); // the worker's own model instance: raw and pipeline alike
        var parser = new MultiFormatDocumentParser();
        var tokens = new JtokkitTokenCounter();
        var tasks = knowledge.tasks();
        var queries = knowledge.queries();
        var vectors = knowledge.vectorStore();
        UploadFiles upload = knowledge.uploadFiles();
        knowledge.startWorker(io.draftnrun.application.shared.port.Metrics.NOOP); // as dev runs it: the real queue

        OrganizationId org = new OrganizationId(UUID.randomUUID());
        try (var connection = infrastructure.backend().dataSource().getConnection();
                var insert = connection.prepareStatement("INSERT INTO organizations (id, name) VALUES (?, 'bench')")) {
            insert.setObject(1, org.value());
            insert.executeUpdate();
        }
        Actor admin = Actor.user(new UserId(UUID.randomUUID()), "", Map.of(org, Role.ADMIN), false);
        Source source = knowledge
                .createSource()
                .handle(
                        admin,
                        new CreateSource.Command(org, "bench", SourceType.FILES, Optional.empty(), Optional.empty()));

        // the corpus, and the chunk texts the pipeline will embed (same parser and chunker)
        List<byte[]> files = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<List<String>> perFileTexts = new ArrayList<>();
        MarkdownTreeChunker chunker = new MarkdownTreeChunker(tokens::count, ChunkingOptions.DEFAULT);
        Random random = new Random(42);
        int perFile = Math.max(1, pages / fileCount);
        long prepStarted = System.nanoTime();
        for (int f = 0; f < fileCount; f++) {
            byte[] bytes = document(random, f, perFile).getBytes(StandardCharsets.UTF_8);
            files.add(bytes);
            var parsed = ((ParseResult.Parsed) parser.parse("doc" + f + ".md", "text/markdown", bytes)).document();
            List<String> fileTexts = chunker.chunk("f" + f, "doc" + f + ".md", parsed.sections()).stream()
                    .map(Chunk::text)
                    .toList();
            perFileTexts.add(fileTexts);
            texts.addAll(fileTexts);
        }
        double prepSeconds = (System.nanoTime() - prepStarted) / 1e9;
        System.out.printf("parse + chunk of the corpus alone: %.2f s%n", prepSeconds);
        System.out.printf(
                "corpus: %d pages in %d files, %d chunks of <= %d tokens%n",
                perFile * fileCount, fileCount, texts.size(), ChunkingOptions.DEFAULT.chunkSize());

        // warm-up (model load, JIT)
        embedRaw(embeddings, List.of(texts.subList(0, Math.min(texts.size(), 2 * BATCH))));

        // rounds alternate raw and pipeline so a busy machine disturbs both alike; medians are reported
        int rounds = 3;
        List<Double> raws = new ArrayList<>();
        List<Double> ingestions = new ArrayList<>();
        List<String> memory = new ArrayList<>(); // after each task: live heap (after a GC) and resident memory
        raws.add(embedRaw(embeddings, perFileTexts));
        int memoryTasks = 3; // untimed tasks after the timed rounds, memory measured after each
        // one untimed task first: the pipeline's own code (storage, index) warms up like the model did above
        for (int round = -1; round < rounds + memoryTasks; round++) {
            Source target = round == 0
                    ? source
                    : knowledge
                            .createSource()
                            .handle(
                                    admin,
                                    new CreateSource.Command(
                                            org,
                                            "bench" + round,
                                            SourceType.FILES,
                                            Optional.empty(),
                                            Optional.empty()));
            double seconds;
            IngestionTaskId taskId;
            List<UploadFiles.FileUpload> uploads = new ArrayList<>();
            for (int f = 0; f < fileCount; f++) {
                uploads.add(new UploadFiles.FileUpload("doc" + f + ".md", "text/markdown", files.get(f)));
            }
            // timed from the upload (files stored, task written, job queued) to the task COMPLETED by the worker, seen
            // as the frontend sees it: through the organization's task updates (ingestionTaskUpdates), not by polling
            // the task row (a 2 ms poll was ~500 PostgreSQL queries a second beside the model on a 2-core machine)
            java.util.Set<IngestionTaskId> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Object signal = new Object();
            try (var updates = queries.watch(admin, org, t -> {
                if (t.status().finished()) {
                    finished.add(t.id());
                    synchronized (signal) {
                        signal.notifyAll();
                    }
                }
            })) {
                long started = System.nanoTime();
                IngestionTask task = upload.handle(admin, new UploadFiles.Command(target.id(), uploads));
                long deadline = started + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
                // announcements are best effort: the task row is read once a second too, in case one was missed
                while (!finished.contains(task.id())
                        && !tasks.find(task.id()).orElseThrow().status().finished()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the task did not finish within 10 minutes");
                    }
                    synchronized (signal) {
                        if (!finished.contains(task.id())) {
                            signal.wait(1_000);
                        }
                    }
                }
                seconds = (System.nanoTime() - started) / 1e9;
                taskId = task.id();
            }
            IngestionTask done = tasks.find(taskId).orElseThrow();
            if (done.status() != TaskStatus.COMPLETED || vectors.count(target.collection()) != texts.size()) {
                throw new IllegalStateException(
                        "ingestion did not complete: " + done.error().orElse("?"));
            }
            if (round < 0) {
                continue; // the warm-up task
            }
            if (round < rounds) {
                ingestions.add(done.chunksDone() / seconds);
                raws.add(embedRaw(embeddings, perFileTexts));
            } else {
                memory.add(memoryNow()); // a full GC here would disturb the timed rounds: only after them
            }
        }
        double raw = median(raws);
        double ingestion = median(ingestions);
        System.out.printf(
                "raw embedding (MiniLM, per file, batches of %d): median %.1f chunks/s %s%n", BATCH, raw, raws);
        System.out.printf(
                "ingestion end to end (upload accepted -> task COMPLETED, Redis queue + worker): median %.1f chunks/s %s%n",
                ingestion, ingestions);
        System.out.printf("ratio ingestion / raw: %.2f (target >= 0.85)%n", ingestion / raw);
        System.out.printf(
                "worker memory after %d more tasks, after each (live heap / resident): %s%n",
                memoryTasks, String.join(", ", memory));
    }

    /** Live heap after a full collection and resident memory of this process, e.g. {@code 41 MB / 388 MB}. */
    private static String memoryNow() {
        System.gc(); // measured between tasks, outside the timed part
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        long rss = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException e) {
            // not Linux: resident memory unknown
        }
        return heap + " MB / " + rss + " MB";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Embeds each file's chunk texts in batches of {@link #BATCH}, as the pipeline does; chunks per second. */
    private static double embedRaw(
            io.draftnrun.application.llm.port.EmbeddingModelProvider embeddings, List<List<String>> files) {
        long started = System.nanoTime();
        int count = 0;
        for (List<String> texts : files) {
            for (int from = 0; from < texts.size(); from += BATCH) {
                embeddings.embed(
                        BuiltInModels.LOCAL_MINILM,
                        ProviderCredentials.none(),
                        texts.subList(from, Math.min(texts.size(), from + BATCH)));
            }
            count += texts.size();
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private static final String[] WORDS =
            ("the of and to in a is that for it as was with be by on not he this are or his"
                            + " from at which but have an they you were her she there been one all we their has would when if"
                            + " can more no so said what up its about into than them only other new some could time these two"
                            + " may then do first any my now such like our over man me even most made after also did many"
                            + " before must through back years where much your way well down should because each just those"
                            + " revenue glacier turbine contract invoice protein harbour ledger sensor vaccine orbit")
                    .split(" ");

    /** Markdown with one {@code ##} section per page of about 400 words in sentences. */
    private static String document(Random random, int file, int pages) {
        StringBuilder text = new StringBuilder("# Document " + file + "\n\n");
        for (int p = 1; p <= pages; p++) {
            text.append("## Page ").append(p).append("\n\n");
            int words = 0;
            while (words < 400) {
                int length = 8 + random.nextInt(14);
                for (int w = 0; w < length; w++) {
                    String word = WORDS[random.nextInt(WORDS.length)];
                    text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                    text.append(w == length - 1 ? ". " : " ");
                }
                words += length;
                if (random.nextInt(6) == 0) {
                    text.append("\n\n");
                }
            }
            text.append("\n\n");
        }
        return text.toString();
    }
}
