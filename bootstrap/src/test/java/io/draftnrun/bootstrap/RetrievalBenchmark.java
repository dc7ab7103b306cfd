package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.documents.JtokkitTokenCounter;
import io.draftnrun.adapter.out.llm.CustomModelsFile;
import io.draftnrun.adapter.out.llm.FileModelCatalog;
import io.draftnrun.adapter.out.llm.LangChain4jEmbeddingModelProvider;
import io.draftnrun.adapter.out.lucene.LuceneVectorStore;
import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.HybridSearch;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.domain.knowledge.Chunk;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.MarkdownTreeChunker;
import io.draftnrun.domain.knowledge.RetrievalMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code make bench} part: retrieval quality. The corpus ({@code bench/retrieval/} in this jar: long handbook-like
 * documents whose facts sit in the middle of long sections, short notes, tables) is chunked by the ingestion chunker
 * at several chunk sizes, embedded with the in-process MiniLM, and stored in the real Lucene store; each question of
 * {@code questions.tsv} (kind, question, document, answer phrase) is then asked in every retrieval mode through
 * {@link HybridSearch}, the code the Retriever runs. A question is a hit at k when one of the first k chunks comes from
 * its document and contains its answer phrase. Prints top-1 and top-3 hit rates per chunking, mode and question kind.
 * Usage: {@code RetrievalBenchmark [size/overlap ...]} (default {@code 128/16 256/32 512/50 1024/50}).
 */
public final class RetrievalBenchmark {
    private static final String CORPUS = "bench/retrieval/";
    private static final int BATCH = 32;

    record Question(String kind, String text, String document, String answer) {}

    record Score(int top1, int top3, int total) {
        Score plus(boolean hit1, boolean hit3) {
            return new Score(top1 + (hit1 ? 1 : 0), top3 + (hit3 ? 1 : 0), total + 1);
        }

        String cell(boolean first) {
            int hits = first ? top1 : top3;
            return String.format("%d/%d (%.0f%%)", hits, total, total == 0 ? 0.0 : 100.0 * hits / total);
        }
    }

    private RetrievalBenchmark() {}

    public static void main(String[] args) throws IOException {
        List<ChunkingOptions> chunkings = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"128/16", "256/32", "512/50", "1024/50"} : args) {
            String[] parts = arg.split("/");
            chunkings.add(new ChunkingOptions(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
        }
        Map<String, String> documents = documents();
        List<Question> questions = questions();
        LangChain4jEmbeddingModelProvider embeddings = new LangChain4jEmbeddingModelProvider(
                new FileModelCatalog(CustomModelsFile.loadFromWorkingDirectory()));
        JtokkitTokenCounter tokens = new JtokkitTokenCounter();
        List<String> rows = new ArrayList<>();
        List<String> kinds = questions.stream().map(Question::kind).distinct().toList();
        Path dir = Files.createTempDirectory("retrieval-bench-");
        try (LuceneVectorStore store = new LuceneVectorStore(dir)) {
            for (ChunkingOptions chunking : chunkings) {
                String collection = "bench_" + chunking.chunkSize() + "_" + chunking.chunkOverlap();
                int chunkCount = index(store, collection, documents, chunking, tokens, embeddings);
                Map<String, float[]> queryVectors = new LinkedHashMap<>();
                for (Question q : questions) {
                    queryVectors.put(
                            q.text(), embed(embeddings, List.of(q.text())).getFirst());
                }
                for (RetrievalMode mode : RetrievalMode.values()) {
                    Map<String, Score> byKind = new TreeMap<>();
                    Score overall = new Score(0, 0, 0);
                    List<String> misses = new ArrayList<>();
                    for (Question q : questions) {
                        List<ScoredPoint> top = HybridSearch.search(
                                store,
                                collection,
                                mode,
                                q.text(),
                                () -> queryVectors.get(q.text()),
                                3,
                                VectorFilter.none());
                        boolean hit1 = !top.isEmpty() && hit(top.getFirst(), q);
                        boolean hit3 = top.stream().anyMatch(p -> hit(p, q));
                        overall = overall.plus(hit1, hit3);
                        byKind.merge(
                                q.kind(),
                                new Score(0, 0, 0).plus(hit1, hit3),
                                (a, b) -> new Score(a.top1 + b.top1, a.top3 + b.top3, a.total + b.total));
                        if (!hit3) {
                            misses.add(q.kind() + ": " + q.text());
                        }
                    }
                    StringBuilder row = new StringBuilder("| " + chunking.chunkSize() + "/" + chunking.chunkOverlap()
                            + " (" + chunkCount + " chunks) | " + mode.parameterValue() + " | " + overall.cell(true)
                            + " | " + overall.cell(false) + " |");
                    for (String kind : kinds) {
                        Score s = byKind.get(kind);
                        row.append(' ')
                                .append(s.cell(true))
                                .append(" / ")
                                .append(s.cell(false))
                                .append(" |");
                    }
                    rows.add(row.toString());
                    if (Boolean.getBoolean("bench.misses")) {
                        misses.forEach(
                                m -> System.out.println("  miss " + chunking.chunkSize() + " " + mode + " " + m));
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        System.out.println();
        StringBuilder header = new StringBuilder("| chunk size/overlap | mode | top-1 | top-3 |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (String kind : kinds) {
            header.append(' ')
                    .append(kind)
                    .append(" (")
                    .append(questions.stream()
                            .filter(q -> q.kind().equals(kind))
                            .count())
                    .append(") top-1 / top-3 |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        rows.forEach(System.out::println);
        System.out.printf(
                "(%d documents, %d questions, MiniLM all-minilm-l6-v2 in process, Lucene store, hybrid = RRF k=60 of"
                        + " %d candidates per list)%n",
                documents.size(), questions.size(), HybridSearch.candidates(3));
    }

    private static boolean hit(ScoredPoint point, Question q) {
        return q.document().equals(point.payload().get("document_name"))
                && normalized(String.valueOf(point.payload().get("content"))).contains(normalized(q.answer()));
    }

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    private static int index(
            LuceneVectorStore store,
            String collection,
            Map<String, String> documents,
            ChunkingOptions chunking,
            JtokkitTokenCounter tokens,
            LangChain4jEmbeddingModelProvider embeddings) {
        MarkdownTreeChunker chunker = new MarkdownTreeChunker(tokens::count, chunking);
        store.ensureCollection(new CollectionSpec(collection, 384, List.of()));
        int count = 0;
        for (Map.Entry<String, String> document : documents.entrySet()) {
            List<Chunk> chunks =
                    chunker.chunk(document.getKey().replace('.', '_'), document.getKey(), document.getValue());
            for (int from = 0; from < chunks.size(); from += BATCH) {
                List<Chunk> batch = chunks.subList(from, Math.min(chunks.size(), from + BATCH));
                List<float[]> vectors =
                        embed(embeddings, batch.stream().map(Chunk::text).toList());
                List<VectorPoint> points = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    points.add(new VectorPoint(
                            batch.get(i).id(),
                            vectors.get(i),
                            Map.of("content", batch.get(i).text(), "document_name", document.getKey())));
                }
                store.upsert(collection, points);
            }
            count += chunks.size();
        }
        return count;
    }

    private static List<float[]> embed(LangChain4jEmbeddingModelProvider embeddings, List<String> texts) {
        return embeddings.embed(BuiltInModels.LOCAL_MINILM, ProviderCredentials.none(), texts);
    }

    private static Map<String, String> documents() throws IOException {
        Map<String, String> documents = new TreeMap<>();
        for (String name : resource("index.txt").strip().split("\\R")) {
            if (!name.isBlank()) {
                documents.put(name.strip(), resource(name.strip()));
            }
        }
        return documents;
    }

    private static List<Question> questions() throws IOException {
        List<Question> questions = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(resource("questions.tsv")))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IllegalStateException("questions.tsv: 4 tab-separated fields expected: " + line);
                }
                questions.add(new Question(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip()));
            }
        }
        return questions;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RetrievalBenchmark.class.getClassLoader().getResourceAsStream(CORPUS + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("missing benchmark resource " + CORPUS + name));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
