package io.draftnrun.adapter.out.qdrant;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Qdrant point ids of chunks: the UUIDv5 (SHA-1, DNS namespace) of the chunk id string, as the reference system
 * computes them, so collections it wrote are updated in place.
 */
final class ChunkPointIds {
    private static final UUID DNS_NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    private ChunkPointIds() {}

    static UUID of(String chunkId) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(DNS_NAMESPACE.getMostSignificantBits())
                .putLong(DNS_NAMESPACE.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(chunkId.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
