package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.BlobContent;
import io.draftnrun.application.knowledge.BlobKey;
import io.draftnrun.application.knowledge.BlobSummary;
import io.draftnrun.domain.shared.DomainException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;

/**
 * Where uploaded files are kept (S3-compatible storage or a local folder). Keys are flat strings; {@code /} only
 * groups them for {@link #list} and {@link #deletePrefix}. Writes replace whole files. A missing file is a {@link
 * DomainException} with code {@code NOT_FOUND}; a failing backend one with code {@code UNAVAILABLE}.
 */
public interface BlobStore {
    /** Stores exactly {@code length} bytes read from {@code content}, replacing any file at {@code key}. */
    void put(BlobKey key, InputStream content, long length, String contentType);

    /** Stores {@code bytes}, replacing any file at {@code key}. */
    default void put(BlobKey key, byte[] bytes, String contentType) {
        put(key, new ByteArrayInputStream(bytes), bytes.length, contentType);
    }

    /** Opens the file at {@code key}; the caller closes it. Throws NOT_FOUND when there is none. */
    BlobContent open(BlobKey key);

    /** The whole file at {@code key}. Throws NOT_FOUND when there is none. */
    default byte[] getBytes(BlobKey key) {
        return open(key).readAllBytes();
    }

    boolean exists(BlobKey key);

    /** Deletes the file at {@code key}; deleting a missing file does nothing. */
    void delete(BlobKey key);

    /** Deletes every file whose key starts with {@code prefix} and returns how many were deleted. */
    int deletePrefix(String prefix);

    /** Every file whose key starts with {@code prefix} (empty = all), sorted by key. */
    List<BlobSummary> list(String prefix);
}
