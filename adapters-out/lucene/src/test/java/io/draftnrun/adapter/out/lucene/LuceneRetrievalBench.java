package io.draftnrun.adapter.out.lucene;

import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.util.VectorUtil;

/**
 * Retrieval benchmark of {@link LuceneVectorStore} (not a test): builds indexes of 10 000 and 100 000 chunks of
 * 384-dimension embedding-like vectors (200 clusters plus noise, L2-normalised, a keyword payload), then measures
 * search latency (1000 queries after warm-up, top 10, through the store's public API, payload decoding included)
 * and recall@10 against brute force, and prints a table. Run (about 2-3 minutes on 2 cores):
 *
 * <pre>
 * MAVEN_OPTS="--add-modules jdk.incubator.vector" ./mvnw -B -ntp -q -pl adapters-out/lucene -am test-compile exec:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.draftnrun.adapter.out.lucene.LuceneRetrievalBench [-Dexec.args="10000 100000"]
 * </pre>
 *
 * MAVEN_OPTS gives the Maven JVM (where exec:java runs) Lucene's SIMD vector code; without it the figures are those
 * of the scalar fallback.
 */
public final class LuceneRetrievalBench {
    private static final int DIM = 384;
    private static final int CLUSTERS = 200;
    private static final int FILES = 500;
    private static final int QUERIES = 1000;
    private static final int WARMUP = 3000;
    private static final int K = 10;
    private static final int BATCH = 5000;
    /** Noise per dimension; gives a cosine of about 0.7 between a chunk and its cluster centre, like real embeddings. */
    private static final double NOISE = 0.05;

    public static void main(String[] args) throws IOException {
        int[] sizes = args.length == 0
                ? new int[] {10_000, 100_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Random random = new Random(42);
        float[][] centres = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centres[c] = unit(gaussian(random, 1.0));
        }
        List<String> rows = new ArrayList<>();
        for (int size : sizes) {
            rows.add(run(size, centres, new Random(size)));
        }
        System.out.println();
        System.out.println(
                "| chunks | build s (incl. merge) | index MB | p50 ms | p99 ms | filtered p50 / p99 ms | recall@10 |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.printf(
                "(%d-d, %d clusters, %d queries after %d warm-up, top %d, ef = max(k, %d), Java %s, %d cores, vector module %s)%n",
                DIM,
                CLUSTERS,
                QUERIES,
                WARMUP,
                K,
                LuceneVectorStore.MIN_CANDIDATES,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "on" : "OFF");
    }

    private static String run(int size, float[][] centres, Random random) throws IOException {
        Path dir = Files.createTempDirectory("lucene-bench-");
        try (LuceneVectorStore store = new LuceneVectorStore(dir)) {
            String collection = "bench_" + size;
            store.ensureCollection(new CollectionSpec(collection, DIM, List.of("file_id")));
            float[][] data = new float[size][];
            long start = System.nanoTime();
            List<VectorPoint> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < size; i++) {
                data[i] = sample(centres, random);
                batch.add(new VectorPoint(
                        "chunk_" + i, data[i], Map.of("file_id", "file_" + (i % FILES), "content", "chunk text " + i)));
                if (batch.size() == BATCH || i == size - 1) {
                    store.upsert(collection, batch);
                    batch.clear();
                }
            }
            store.optimize(collection);
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("built %d chunks in %.1f s%n", size, buildSeconds);

            float[][] queries = new float[QUERIES][];
            for (int q = 0; q < QUERIES; q++) {
                queries[q] = sample(centres, random);
            }
            for (int w = 0; w < WARMUP; w++) {
                store.search(collection, sample(centres, random), K, VectorFilter.none());
                store.search(
                        collection,
                        sample(centres, random),
                        K,
                        VectorFilter.of(Map.of("file_id", "file_" + w % FILES)));
            }
            long[] nanos = new long[QUERIES];
            List<List<ScoredPoint>> results = new ArrayList<>(QUERIES);
            for (int q = 0; q < QUERIES; q++) {
                long t = System.nanoTime();
                results.add(store.search(collection, queries[q], K, VectorFilter.none()));
                nanos[q] = System.nanoTime() - t;
            }
            long[] filtered = new long[QUERIES];
            for (int q = 0; q < QUERIES; q++) {
                VectorFilter filter =
                        VectorFilter.of(Map.of("file_id", List.of("file_" + q % FILES, "file_" + (q + 7) % FILES)));
                long t = System.nanoTime();
                store.search(collection, queries[q], K, filter);
                filtered[q] = System.nanoTime() - t;
            }
            double recall = recall(data, queries, results);
            long bytes;
            try (Stream<Path> files = Files.walk(dir)) {
                bytes = files.filter(Files::isRegularFile)
                        .mapToLong(p -> p.toFile().length())
                        .sum();
            }
            return String.format(
                    "| %,d | %.1f | %.0f | %.2f | %.2f | %.2f / %.2f | %.3f |",
                    size,
                    buildSeconds,
                    bytes / 1e6,
                    percentile(nanos, 50),
                    percentile(nanos, 99),
                    percentile(filtered, 50),
                    percentile(filtered, 99),
                    recall);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Mean share of the true top 10 (exhaustive dot product) found by the index. */
    private static double recall(float[][] data, float[][] queries, List<List<ScoredPoint>> results) {
        return IntStream.range(0, queries.length)
                .parallel()
                .mapToDouble(q -> {
                    float[] query = unit(queries[q]);
                    int[] best = new int[K];
                    float[] bestScore = new float[K];
                    Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
                    for (int i = 0; i < data.length; i++) {
                        float s = VectorUtil.dotProduct(query, data[i]);
                        if (s > bestScore[K - 1]) {
                            int j = K - 1;
                            while (j > 0 && bestScore[j - 1] < s) {
                                bestScore[j] = bestScore[j - 1];
                                best[j] = best[j - 1];
                                j--;
                            }
                            bestScore[j] = s;
                            best[j] = i;
                        }
                    }
                    Set<String> truth = new HashSet<>();
                    for (int i : best) {
                        truth.add("chunk_" + i);
                    }
                    return results.get(q).stream()
                                    .filter(h -> truth.contains(h.chunkId()))
                                    .count()
                            / (double) K;
                })
                .average()
                .orElse(0);
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static float[] sample(float[][] centres, Random random) {
        float[] centre = centres[random.nextInt(centres.length)];
        float[] v = gaussian(random, NOISE);
        for (int i = 0; i < DIM; i++) {
            v[i] += centre[i];
        }
        return unit(v);
    }

    private static float[] gaussian(Random random, double sigma) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (random.nextGaussian() * sigma);
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] * inv;
        }
        return u;
    }

    private LuceneRetrievalBench() {}
}
