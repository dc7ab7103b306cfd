package io.draftnrun.application.knowledge;

import java.util.Objects;

/** A stored file as a listing shows it: key and size in bytes (listings of S3 do not carry the content type). */
public record BlobSummary(BlobKey key, long size) {
    public BlobSummary {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
    }
}
