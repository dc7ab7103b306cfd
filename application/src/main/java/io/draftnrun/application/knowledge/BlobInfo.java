package io.draftnrun.application.knowledge;

import java.util.Objects;

/** What a blob store knows about a stored file: its key, size in bytes and content type. */
public record BlobInfo(BlobKey key, long size, String contentType) {
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    public BlobInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
    }
}
