package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.ChunkRepository;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.SourceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryChunkRepository implements ChunkRepository {
    private final Map<SourceId, Map<String, StoredChunk>> chunks = new ConcurrentHashMap<>();
    private final Map<String, IngestedFile> ingested = new ConcurrentHashMap<>();
    private final Map<String, IngestionTaskId> seenBy = new ConcurrentHashMap<>();
    /** Chunks this store refuses, as a store with a constraint would (a test sets it). */
    volatile java.util.function.Predicate<StoredChunk> refuse = c -> false;

    @Override
    public synchronized List<String> replaceFile(SourceId source, String fileId, List<StoredChunk> newChunks) {
        for (StoredChunk c : newChunks) {
            // as PostgreSQL does: a text column holds no NUL
            if (c.content().indexOf('\u0000') >= 0 || c.documentName().indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("invalid byte sequence for encoding \"UTF8\": 0x00");
            }
            if (refuse.test(c)) {
                throw new IllegalStateException("the store refused chunk " + c.chunkId());
            }
        }
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
        ingested.remove(source + "/" + fileId);
        seenBy.remove(source + "/" + fileId);
        return removed;
    }

    @Override
    public Optional<IngestedFile> ingested(SourceId source, String fileId) {
        return Optional.ofNullable(ingested.get(source + "/" + fileId));
    }

    @Override
    public synchronized void markIngested(SourceId source, String fileId, String contentHash, int chunkCount) {
        ingested.put(source + "/" + fileId, new IngestedFile(contentHash, chunkCount));
    }

    @Override
    public Map<String, IngestedFile> ingested(SourceId source, Collection<String> fileIds) {
        Map<String, IngestedFile> found = new LinkedHashMap<>();
        for (String fileId : fileIds) {
            ingested(source, fileId).ifPresent(f -> found.put(fileId, f));
        }
        return found;
    }

    @Override
    public synchronized void markSeen(SourceId source, Collection<String> fileIds, IngestionTaskId task) {
        for (String fileId : fileIds) {
            if (ingested.containsKey(source + "/" + fileId)) {
                seenBy.put(source + "/" + fileId, task);
            }
        }
    }

    @Override
    public synchronized List<String> filesNotSeen(SourceId source, IngestionTaskId task, int limit) {
        TreeSet<String> files = new TreeSet<>();
        chunks.getOrDefault(source, Map.of()).values().forEach(c -> files.add(c.fileId()));
        ingested.keySet().stream()
                .filter(k -> k.startsWith(source + "/"))
                .forEach(k -> files.add(k.substring(k.indexOf('/') + 1)));
        return files.stream()
                .filter(f -> !task.equals(seenBy.get(source + "/" + f)))
                .limit(limit)
                .toList();
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
        seenBy.keySet().removeIf(k -> k.startsWith(source + "/"));
    }
}
