package io.draftnrun.application.knowledge;

/** A file whose chunks all reached the vector store: the SHA-256 of its bytes then, and its number of chunks. */
public record IngestedFile(String contentHash, int chunkCount) {}
