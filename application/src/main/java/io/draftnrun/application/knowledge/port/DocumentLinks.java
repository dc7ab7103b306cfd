package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.BlobKey;
import java.util.Optional;

/**
 * Mints a link that opens a stored document for a limited time: a presigned URL on S3, a URL of the server's download
 * route signed by the server for local files. Empty when no link can be given. Callers mint links only for files of
 * the organization of the run (the Retriever checks the key's organization folder).
 */
public interface DocumentLinks {
    Optional<String> link(BlobKey key, String documentName);
}
