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
    public synchronized DocumentPage documents(SourceId source, int first, Optional<String> after) {
        Map<String, List<StoredChunk>> byFile = new java.util.TreeMap<>();
        chunks.getOrDefault(source, Map.of())
                .values()
                .forEach(c -> byFile.computeIfAbsent(c.fileId(), f -> new ArrayList<>())
                        .add(c));
        Comparator<DocumentPage.Document> order =
                Comparator.comparing(DocumentPage.Document::name).thenComparing(DocumentPage.Document::id);
        List<DocumentPage.Document> all = byFile.entrySet().stream()
                .map(e -> new DocumentPage.Document(
                        e.getKey(),
                        e.getValue().stream()
                                .map(StoredChunk::documentName)
                                .min(String::compareTo)
                                .orElseThrow(),
                        e.getValue().size(),
                        java.time.Instant.EPOCH))
                .sorted(order)
                .toList();
        var cursor = after.map(PageCursors::document);
        List<DocumentPage.Document> rest = all.stream()
                .filter(d -> cursor.isEmpty()
                        || order.compare(
                                        d,
                                        new DocumentPage.Document(
                                                cursor.get().id(), cursor.get().name(), 0, null))
                                > 0)
                .toList();
        return new DocumentPage(
                rest.stream()
                        .limit(first)
                        .map(d -> new DocumentPage.Entry(PageCursors.document(d.name(), d.id()), d))
                        .toList(),
                rest.size() > first);
    }

    @Override
    public synchronized Optional<SourceId> sourceOfDocument(String documentId) {
        return chunks.entrySet().stream()
                .filter(e ->
                        e.getValue().values().stream().anyMatch(c -> c.fileId().equals(documentId)))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    @Override
    public synchronized ChunkPage chunks(SourceId source, String documentId, int first, Optional<String> after) {
        int from = after.map(PageCursors::chunk).orElse(-1);
        List<StoredChunk> rest = chunks.getOrDefault(source, Map.of()).values().stream()
                .filter(c -> c.fileId().equals(documentId) && c.index() > from)
                .sorted(Comparator.comparingInt(StoredChunk::index))
                .toList();
        return new ChunkPage(
                rest.stream()
                        .limit(first)
                        .map(c -> new ChunkPage.Entry(PageCursors.chunk(c.index()), c))
                        .toList(),
                rest.size() > first);
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
