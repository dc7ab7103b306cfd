package io.draftnrun.domain.knowledge;

/**
 * Sizes for the chunker, in tokens: the most a chunk may hold, and how much of the end of a split piece is repeated
 * at the start of the next one. The reference ingests folders with 1024 / 50.
 */
public record ChunkingOptions(int chunkSize, int chunkOverlap) {
    public static final ChunkingOptions DEFAULT = new ChunkingOptions(1024, 50);

    public ChunkingOptions {
        if (chunkSize < 16) {
            throw new IllegalArgumentException("chunk size must be at least 16 tokens, got " + chunkSize);
        }
        if (chunkOverlap < 0 || chunkOverlap >= chunkSize) {
            throw new IllegalArgumentException(
                    "chunk overlap must be between 0 and the chunk size (" + chunkSize + "), got " + chunkOverlap);
        }
    }
}
