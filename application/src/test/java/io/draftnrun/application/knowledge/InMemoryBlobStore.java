package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.domain.shared.DomainException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link BlobStore} in a map, for tests of code that stores files. Thread-safe. */
public final class InMemoryBlobStore implements BlobStore {
    private record Stored(byte[] bytes, String contentType) {}

    private final Map<String, Stored> files = new ConcurrentSkipListMap<>();

    @Override
    public void put(BlobKey key, InputStream content, long length, String contentType) {
        try {
            byte[] bytes = content.readNBytes((int) Math.min(length, Integer.MAX_VALUE - 8));
            if (bytes.length != length) {
                throw DomainException.validation(
                        "file " + key + " is shorter (" + bytes.length + " bytes) than announced (" + length + ")");
            }
            files.put(key.value(), new Stored(bytes, new BlobInfo(key, length, contentType).contentType()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public BlobContent open(BlobKey key) {
        Stored stored = files.get(key.value());
        if (stored == null) {
            throw DomainException.notFound("File '" + key + "'");
        }
        return new BlobContent(
                new BlobInfo(key, stored.bytes().length, stored.contentType()),
                new ByteArrayInputStream(stored.bytes()));
    }

    @Override
    public boolean exists(BlobKey key) {
        return files.containsKey(key.value());
    }

    @Override
    public void delete(BlobKey key) {
        files.remove(key.value());
    }

    @Override
    public int deletePrefix(String prefix) {
        List<BlobSummary> doomed = list(prefix);
        doomed.forEach(info -> files.remove(info.key().value()));
        return doomed.size();
    }

    @Override
    public List<BlobSummary> list(String prefix) {
        BlobKey.checkPrefix(prefix);
        return files.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .map(entry -> new BlobSummary(
                        BlobKey.of(entry.getKey()), entry.getValue().bytes().length))
                .toList();
    }
}
