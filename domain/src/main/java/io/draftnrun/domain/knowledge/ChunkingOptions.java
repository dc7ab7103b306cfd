package io.draftnrun.domain.knowledge;

/**
 * Sizes for the chunker, in tokens: the most a chunk may hold, and how much of the end of a split piece is repeated
 * at the start of the next one. Each source has its own; {@link #DEFAULT} (256 / 32) was chosen with the retrieval
 * benchmark (docs/adr/0018: with MiniLM, facts buried in long sections are found far more often in small chunks);
 * sources created before per-source chunking keep {@link #LEGACY} (1024 / 50, the reference's folder ingestion).
 */
public record ChunkingOptions(int chunkSize, int chunkOverlap) {
    public static final int MIN_SIZE = 16;
    public static final int MAX_SIZE = 8192;
    public static final ChunkingOptions DEFAULT = new ChunkingOptions(256, 32);
    public static final ChunkingOptions LEGACY = new ChunkingOptions(1024, 50);

    public ChunkingOptions {
        if (chunkSize < MIN_SIZE || chunkSize > MAX_SIZE) {
            throw new IllegalArgumentException(
                    "chunk size must be between " + MIN_SIZE + " and " + MAX_SIZE + " tokens, got " + chunkSize);
        }
        if (chunkOverlap < 0 || chunkOverlap > chunkSize / 2) {
            throw new IllegalArgumentException("chunk overlap must be between 0 and half the chunk size ("
                    + chunkSize / 2 + " tokens), got " + chunkOverlap);
        }
    }
}
