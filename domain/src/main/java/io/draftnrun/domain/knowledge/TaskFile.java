package io.draftnrun.domain.knowledge;

import java.util.Objects;

/** A file an ingestion task reads: its id in the source, its name, content type, size and where it is stored. */
public record TaskFile(String fileId, String name, String contentType, long size, String blobKey) {
    public TaskFile {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(blobKey, "blobKey");
        contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        if (size < 0) {
            throw new IllegalArgumentException("file size must be >= 0");
        }
    }
}
