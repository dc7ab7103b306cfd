package io.draftnrun.application.llm;

import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.domain.llm.ModelReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake {@link EmbeddingModelProvider}: deterministic unit vectors of a fixed size derived from a hash of each
 * lower-cased word, so equal texts get equal vectors and texts sharing words are closer than unrelated ones.
 */
public final class FakeEmbeddingModelProvider implements EmbeddingModelProvider {
    private final int dimensions;
    private final AtomicInteger calls = new AtomicInteger();

    public FakeEmbeddingModelProvider(int dimensions) {
        if (dimensions <= 0) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        this.dimensions = dimensions;
    }

    @Override
    public List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts) {
        calls.incrementAndGet();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(vector(text));
        }
        return vectors;
    }

    @Override
    public int dimensions(ModelReference model) {
        return dimensions;
    }

    /** How many embed calls (batches) were made. */
    public int calls() {
        return calls.get();
    }

    private float[] vector(String text) {
        float[] v = new float[dimensions];
        for (String word : text.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
            if (word.isEmpty()) {
                continue;
            }
            long h = fnv(word.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 4; i++) {
                int index = (int) Long.remainderUnsigned(h >>> (i * 8), dimensions);
                v[index] += ((h >>> (32 + i)) & 1) == 0 ? 1f : -1f;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1f;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    private static long fnv(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
