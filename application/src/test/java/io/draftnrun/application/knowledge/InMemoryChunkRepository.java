package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.domain.knowledge.SourceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryChunkRepository implements ChunkRepository {
    private final Map<SourceId, Map<String, StoredChunk>> chunks = new ConcurrentHashMap<>();
    private final Map<String, IngestedFile> ingested = new ConcurrentHashMap<>();

    @Override
    public synchronized List<String> replaceFile(SourceId source, String fileId, List<StoredChunk> newChunks) {
        Map<String, StoredChunk> of = chunks.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
        List<String> removed = new ArrayList<>();
        var keep = newChunks.stream().map(StoredChunk::chunkId).toList();
        of.values().removeIf(c -> {
            boolean drop = c.fileId().equals(fileId) && !keep.contains(c.chunkId());
            if (drop) {
                removed.add(c.chunkId());
            }
            return drop;
        });
        newChunks.forEach(c -> of.put(c.chunkId(), c));
        return removed;
    }

    @Override
    public Optional<IngestedFile> ingested(SourceId source, String fileId) {
        return Optional.ofNullable(ingested.get(source + "/" + fileId));
    }

    @Override
    public void markIngested(SourceId source, String fileId, String contentHash, int chunkCount) {
        ingested.put(source + "/" + fileId, new IngestedFile(contentHash, chunkCount));
    }

    @Override
    public synchronized List<StoredChunk> chunks(SourceId source) {
        return chunks.getOrDefault(source, Map.of()).values().stream()
                .sorted(Comparator.comparing(StoredChunk::fileId).thenComparingInt(StoredChunk::index))
                .toList();
    }

    @Override
    public long count(SourceId source) {
        return chunks.getOrDefault(source, Map.of()).size();
    }

    @Override
    public synchronized void deleteSource(SourceId source) {
        chunks.remove(source);
        ingested.keySet().removeIf(k -> k.startsWith(source + "/"));
    }
}
