package io.draftnrun.application.knowledge;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A document (a file or a row) ready to write: its id, the hash of what it was made from, its chunks. */
record PreparedDocument(String documentId, String contentHash, List<StoredChunk> chunks) {
    PreparedDocument {
        chunks = List.copyOf(chunks);
    }

    /** The hex SHA-256 of {@code bytes}: content hashes of files, rows and chunks. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
