package io.draftnrun.adapter.out.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.application.knowledge.ChunkPayload;
import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.Payloads;
import io.draftnrun.application.knowledge.ScoredPoint;
import io.draftnrun.application.knowledge.VectorFilter;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.application.knowledge.Vectors;
import io.draftnrun.application.knowledge.port.VectorStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VectorStore} on local disk: one Lucene index per collection under a base directory (default
 * {@code ./data/vectors}). Vectors are L2-normalised and indexed in an HNSW graph with dot-product similarity, so the
 * reported score is the cosine similarity. Keyword-indexed payload fields become {@code kw.<field>} terms (typed:
 * {@code s:} strings, {@code l:} integers) used as the filter of the KNN query; the payload is stored as JSON. The
 * payload's {@code content} text is also indexed as {@code text} (standard tokenizer, lower case, English stop words)
 * for {@link #keywordSearch} ranked by BM25; an index written before that field existed is re-indexed when opened.
 *
 * <p>Thread-safe: any number of concurrent writers and readers in one process (one {@link IndexWriter} per index,
 * near-real-time searchers refreshed after each write, so a write is visible to searches once it returns). An index
 * directory can be open in only one process at a time (Lucene's write lock): serve and worker processes that must
 * share vectors need Qdrant.
 */
public final class LuceneVectorStore implements VectorStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneVectorStore.class);

    static final String VECTOR = "vector";
    static final String PAYLOAD = "payload";
    static final String CHUNK_ID = "chunk_id";
    static final String KEYWORD_PREFIX = "kw.";
    static final String TEXT = "text";
    /** The words of a keyword query beyond this many are ignored (bounds the query a user or model can send). */
    static final int MAX_QUERY_TERMS = 64;
    /** Lucene's English stop words plus question words, which only add noise to a BM25 query. */
    private static final CharArraySet STOP_WORDS = new CharArraySet(
            List.of(
                    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no",
                    "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this",
                    "to", "was", "will", "with", "what", "which", "who", "whom", "how", "when", "where", "why", "does",
                    "do", "did", "we", "our", "i", "you", "your", "can", "has", "have", "had"),
            true);

    private static final String META_TEXT = "draftnrun.textField";
    private static final String META_DIMENSIONS = "draftnrun.dimensions";
    private static final String META_KEYWORDS = "draftnrun.keywordFields";
    /** Candidates asked of the HNSW graph (its ef); more than the limit gives a better recall. */
    static final int MIN_CANDIDATES = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final Path baseDirectory;
    private final Map<String, LuceneCollection> open = new ConcurrentHashMap<>();
    /** Read-locked by point operations, write-locked to create, re-index, delete a collection or close the store. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private volatile boolean closed;

    public LuceneVectorStore(Path baseDirectory) {
        this.baseDirectory = baseDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.baseDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the vector directory " + this.baseDirectory, e);
        }
        LOG.info("Lucene vector store at {}", this.baseDirectory);
    }

    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public void ensureCollection(CollectionSpec spec) {
        if (spec.dimensions() > HighDimensionHnswFormat.MAX_DIMENSIONS) {
            throw DomainException.validation("the embedded vector store holds at most "
                    + HighDimensionHnswFormat.MAX_DIMENSIONS + " dimensions, " + spec.name() + " asks for "
                    + spec.dimensions());
        }
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            LuceneCollection c = find(spec.name());
            if (c == null) {
                c = LuceneCollection.create(baseDirectory.resolve(spec.name()), spec);
                open.put(spec.name(), c);
                LOG.info("created vector collection {} ({} dimensions)", spec.name(), spec.dimensions());
                return;
            }
            if (c.dimensions != spec.dimensions()) {
                throw new DomainException(
                        ErrorCode.CONFLICT,
                        "vector collection " + spec.name() + " holds vectors of " + c.dimensions + " dimensions, not "
                                + spec.dimensions() + "; delete it and ingest again");
            }
            Set<String> added = new LinkedHashSet<>(spec.keywordIndexedFields());
            added.removeAll(c.keywordFields);
            if (!added.isEmpty()) {
                c.addKeywordFields(added);
                LOG.info("vector collection {}: keyword index added on {}", spec.name(), added);
            }
        } catch (IOException e) {
            throw unavailable(spec.name(), e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public boolean collectionExists(String collection) {
        CollectionSpec.requireValidName(collection);
        return read(() -> find(collection) != null);
    }

    @Override
    public void deleteCollection(String collection) {
        CollectionSpec.requireValidName(collection);
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            LuceneCollection c = open.remove(collection);
            if (c != null) {
                c.close();
            }
            Path dir = baseDirectory.resolve(collection);
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
                LOG.info("deleted vector collection {}", collection);
            }
        } catch (IOException e) {
            throw unavailable(collection, e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public void upsert(String collection, List<VectorPoint> points) {
        write(collection, points, true);
    }

    /**
     * Adds the documents to the index writer's buffer only: no commit (its fsyncs) and no refresh (which would flush a
     * small segment, with its own HNSW graph, for every batch, and the merges of those segments after).
     */
    @Override
    public void upsertUncommitted(String collection, List<VectorPoint> points) {
        write(collection, points, false);
    }

    @Override
    public void commit(String collection) {
        read(() -> {
            LuceneCollection c = find(collection);
            if (c != null) {
                c.commitAndRefresh();
            }
            return null;
        });
    }

    private void write(String collection, List<VectorPoint> points, boolean commit) {
        read(() -> {
            LuceneCollection c = existing(collection);
            List<Document> docs = new ArrayList<>(points.size());
            for (VectorPoint p : points) {
                Vectors.requireDimensions(p.vector(), c.dimensions, collection, "chunk " + p.chunkId());
                float[] unit = Vectors.normalized(p.vector(), "chunk " + p.chunkId());
                docs.add(document(p.chunkId(), unit, p.storedPayload(), c.keywordFields));
            }
            if (docs.isEmpty()) {
                return null;
            }
            for (Document doc : docs) {
                c.writer.updateDocument(idTerm(doc.get(CHUNK_ID)), doc);
            }
            if (commit) {
                c.commitAndRefresh();
            }
            return null;
        });
    }

    @Override
    public void delete(String collection, Collection<String> chunkIds) {
        read(() -> {
            LuceneCollection c = find(collection);
            if (c == null || chunkIds.isEmpty()) {
                return null;
            }
            c.writer.deleteDocuments(
                    chunkIds.stream().map(LuceneVectorStore::idTerm).toArray(Term[]::new));
            c.commitAndRefresh();
            return null;
        });
    }

    @Override
    public long count(String collection) {
        return read(() -> {
            LuceneCollection c = existing(collection);
            IndexSearcher searcher = c.searchers.acquire();
            try {
                return (long) searcher.getIndexReader().numDocs();
            } finally {
                c.searchers.release(searcher);
            }
        });
    }

    @Override
    public List<ScoredPoint> search(String collection, float[] query, int limit, VectorFilter filter) {
        return read(() -> {
            LuceneCollection c = existing(collection);
            Vectors.requireLimit(limit);
            filter.requireIndexed(collection, c.keywordFields);
            Vectors.requireDimensions(query, c.dimensions, collection, "the query vector");
            float[] unit = Vectors.normalized(query, "the query vector");
            Query knn = new KnnFloatVectorQuery(VECTOR, unit, Math.max(limit, MIN_CANDIDATES), filterQuery(filter));
            IndexSearcher searcher = c.searchers.acquire();
            try {
                TopDocs top = searcher.search(knn, limit);
                StoredFields stored = searcher.storedFields();
                List<ScoredPoint> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc sd : top.scoreDocs) {
                    Document doc = stored.document(sd.doc, Set.of(CHUNK_ID, PAYLOAD));
                    // DOT_PRODUCT scores unit vectors as (1 + cos) / 2
                    double cosine = Math.max(-1.0, Math.min(1.0, 2.0 * sd.score - 1.0));
                    hits.add(new ScoredPoint(doc.get(CHUNK_ID), cosine, parse(doc.getBinaryValue(PAYLOAD))));
                }
                return List.copyOf(hits);
            } finally {
                c.searchers.release(searcher);
            }
        });
    }

    @Override
    public List<ScoredPoint> keywordSearch(String collection, String text, int limit, VectorFilter filter) {
        return read(() -> {
            LuceneCollection c = existing(collection);
            Vectors.requireLimit(limit);
            filter.requireIndexed(collection, c.keywordFields);
            List<String> words = queryTerms(text);
            if (words.isEmpty()) {
                return List.of();
            }
            BooleanQuery.Builder query = new BooleanQuery.Builder();
            for (String word : words) {
                query.add(new TermQuery(new Term(TEXT, word)), BooleanClause.Occur.SHOULD);
            }
            query.setMinimumNumberShouldMatch(1);
            Query filterQuery = filterQuery(filter);
            if (filterQuery != null) {
                query.add(filterQuery, BooleanClause.Occur.FILTER);
            }
            IndexSearcher searcher = c.searchers.acquire();
            try {
                TopDocs top = searcher.search(query.build(), limit);
                StoredFields stored = searcher.storedFields();
                List<ScoredPoint> hits = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc sd : top.scoreDocs) {
                    Document doc = stored.document(sd.doc, Set.of(CHUNK_ID, PAYLOAD));
                    hits.add(new ScoredPoint(doc.get(CHUNK_ID), sd.score, parse(doc.getBinaryValue(PAYLOAD))));
                }
                return List.copyOf(hits);
            } finally {
                c.searchers.release(searcher);
            }
        });
    }

    /** The distinct analysed words of a query, at most {@link #MAX_QUERY_TERMS}. */
    static List<String> queryTerms(String text) throws IOException {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<String> words = new LinkedHashSet<>();
        try (Analyzer analyzer = analyzer();
                TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken() && words.size() < MAX_QUERY_TERMS) {
                words.add(term.toString());
            }
            tokens.end();
        }
        return List.copyOf(words);
    }

    static Analyzer analyzer() {
        return new StandardAnalyzer(STOP_WORDS);
    }

    @Override
    public List<String> listChunkIds(String collection) {
        return read(() -> {
            LuceneCollection c = existing(collection);
            IndexSearcher searcher = c.searchers.acquire();
            try {
                List<String> ids = new ArrayList<>();
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    Bits live = leaf.reader().getLiveDocs();
                    StoredFields stored = leaf.reader().storedFields();
                    for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                        if (live == null || live.get(doc)) {
                            ids.add(stored.document(doc, Set.of(CHUNK_ID)).get(CHUNK_ID));
                        }
                    }
                }
                return List.copyOf(ids);
            } finally {
                c.searchers.release(searcher);
            }
        });
    }

    /** Merges each collection into one segment: faster searches after a bulk load (slow on big indexes). */
    public void optimize(String collection) {
        read(() -> {
            LuceneCollection c = existing(collection);
            c.writer.forceMerge(1);
            c.commitAndRefresh();
            return null;
        });
    }

    /** Commits and closes every open index; the store refuses work afterwards. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Map.Entry<String, LuceneCollection> e : open.entrySet()) {
                try {
                    e.getValue().close();
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("closing vector collection {} failed", e.getKey(), ex);
                }
            }
            open.clear();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    // ---- documents and queries

    private static Term idTerm(String chunkId) {
        return new Term(KEYWORD_PREFIX + CHUNK_ID, keyword(chunkId));
    }

    static Document document(String chunkId, float[] unit, Map<String, Object> payload, Set<String> keywordFields) {
        Document doc = new Document();
        doc.add(new KnnFloatVectorField(VECTOR, unit, VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new StoredField(CHUNK_ID, chunkId));
        doc.add(new StoredField(PAYLOAD, json(payload)));
        if (payload.get(ChunkPayload.CONTENT) instanceof String content) {
            doc.add(new TextField(TEXT, content, Field.Store.NO));
        }
        for (String field : keywordFields) {
            for (String term : terms(payload.get(field))) {
                if (term.getBytes(StandardCharsets.UTF_8).length > IndexWriter.MAX_TERM_LENGTH) {
                    throw DomainException.validation(
                            "chunk " + chunkId + ": the value of keyword field " + field + " is too long to index");
                }
                doc.add(new StringField(KEYWORD_PREFIX + field, term, Field.Store.NO));
            }
        }
        return doc;
    }

    /** The terms a payload value is found by: strings and integers, and those inside a list. */
    private static List<String> terms(Object value) {
        return switch (value) {
            case String s -> List.of(keyword(s));
            case Long l -> List.of(keyword(l));
            case List<?> list ->
                list.stream()
                        .filter(v -> v instanceof String || v instanceof Long)
                        .map(LuceneVectorStore::keyword)
                        .distinct()
                        .toList();
            case null, default -> List.of();
        };
    }

    private static String keyword(Object value) {
        return (value instanceof Long ? "l:" : "s:") + value;
    }

    private static Query filterQuery(VectorFilter filter) {
        if (filter.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        filter.anyOf()
                .forEach((field, values) -> all.add(
                        new TermInSetQuery(
                                KEYWORD_PREFIX + field,
                                values.stream()
                                        .map(v -> new BytesRef(keyword(v)))
                                        .toList()),
                        BooleanClause.Occur.FILTER));
        return all.build();
    }

    private static byte[] json(Map<String, Object> payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw DomainException.validation("payload cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, Object> parse(BytesRef bytes) throws IOException {
        return Payloads.canonical(JSON.readValue(bytes.bytes, bytes.offset, bytes.length, MAP));
    }

    // ---- collections

    private LuceneCollection existing(String collection) throws IOException {
        LuceneCollection c = find(collection);
        if (c == null) {
            throw DomainException.notFound("vector collection " + collection);
        }
        return c;
    }

    /** The open collection, opening it from disk when it exists there; null when it does not exist. */
    private LuceneCollection find(String collection) throws IOException {
        CollectionSpec.requireValidName(collection);
        LuceneCollection c = open.get(collection);
        if (c != null) {
            return c;
        }
        Path dir = baseDirectory.resolve(collection);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        synchronized (open) {
            c = open.get(collection);
            if (c == null) {
                c = LuceneCollection.openExisting(dir);
                if (c != null) {
                    open.put(collection, c);
                }
            }
            return c;
        }
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T read(IoCall<T> call) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return call.call();
        } catch (IOException e) {
            throw unavailable("", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DomainException(ErrorCode.UNAVAILABLE, "the vector store is closed");
        }
    }

    private static DomainException unavailable(String collection, IOException e) {
        LOG.error("vector index I/O failed {}", collection, e);
        return new DomainException(ErrorCode.UNAVAILABLE, "the vector index cannot be read or written", e);
    }

    /** One open index: its writer, its near-real-time searchers, and its metadata kept in the commit user data. */
    private static final class LuceneCollection {
        final Directory directory;
        final IndexWriter writer;
        final SearcherManager searchers;
        final int dimensions;
        volatile Set<String> keywordFields;

        private LuceneCollection(Directory directory, IndexWriter writer, int dimensions, Set<String> keywordFields)
                throws IOException {
            this.directory = directory;
            this.writer = writer;
            this.searchers = new SearcherManager(writer, null);
            this.dimensions = dimensions;
            this.keywordFields = Set.copyOf(keywordFields);
        }

        static LuceneCollection create(Path dir, CollectionSpec spec) throws IOException {
            Files.createDirectories(dir);
            Directory directory = FSDirectory.open(dir);
            IndexWriter writer = new IndexWriter(directory, config().setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            LuceneCollection c = new LuceneCollection(
                    directory, writer, spec.dimensions(), new LinkedHashSet<>(spec.keywordIndexedFields()));
            c.commitAndRefresh();
            return c;
        }

        static LuceneCollection openExisting(Path dir) throws IOException {
            Directory directory = FSDirectory.open(dir);
            if (!DirectoryReader.indexExists(directory)) {
                directory.close();
                return null;
            }
            Map<String, String> meta = SegmentInfos.readLatestCommit(directory).getUserData();
            String dims = meta.get(META_DIMENSIONS);
            if (dims == null) {
                directory.close();
                throw new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "the vector index at " + dir + " was not written by Draft'n run");
            }
            Set<String> keywords = new LinkedHashSet<>(
                    List.of(meta.getOrDefault(META_KEYWORDS, CHUNK_ID).split("\n")));
            IndexWriter writer = new IndexWriter(directory, config().setOpenMode(IndexWriterConfig.OpenMode.APPEND));
            LuceneCollection c = new LuceneCollection(directory, writer, Integer.parseInt(dims), keywords);
            if (!meta.containsKey(META_TEXT)) {
                LOG.info("vector collection {}: indexing chunk texts for keyword search", dir.getFileName());
                c.addKeywordFields(Set.of()); // re-writes every document, which now indexes its text
            }
            return c;
        }

        private static IndexWriterConfig config() {
            KnnVectorsFormat hnsw = new HighDimensionHnswFormat();
            Codec codec = new Lucene104Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return hnsw;
                }
            };
            return new IndexWriterConfig(analyzer()).setCodec(codec).setRAMBufferSizeMB(64);
        }

        void commitAndRefresh() throws IOException {
            writer.setLiveCommitData(Map.of(
                            META_DIMENSIONS, Integer.toString(dimensions),
                            META_KEYWORDS, String.join("\n", keywordFields),
                            META_TEXT, TEXT)
                    .entrySet());
            writer.commit();
            searchers.maybeRefreshBlocking();
        }

        /** Adds keyword fields and re-writes every document so existing points can be filtered on them. */
        void addKeywordFields(Set<String> added) throws IOException {
            Set<String> fields = new LinkedHashSet<>(keywordFields);
            fields.addAll(added);
            Set<String> all = Set.copyOf(fields);
            IndexSearcher searcher = searchers.acquire();
            try {
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    FloatVectorValues vectors = leaf.reader().getFloatVectorValues(VECTOR);
                    if (vectors == null) {
                        continue;
                    }
                    Bits live = leaf.reader().getLiveDocs();
                    StoredFields stored = leaf.reader().storedFields();
                    KnnVectorValues.DocIndexIterator it = vectors.iterator();
                    for (int doc = it.nextDoc();
                            doc != KnnVectorValues.DocIndexIterator.NO_MORE_DOCS;
                            doc = it.nextDoc()) {
                        if (live != null && !live.get(doc)) {
                            continue;
                        }
                        Document old = stored.document(doc);
                        String chunkId = old.get(CHUNK_ID);
                        writer.updateDocument(
                                idTerm(chunkId),
                                document(
                                        chunkId,
                                        vectors.vectorValue(it.index()).clone(),
                                        parse(old.getBinaryValue(PAYLOAD)),
                                        all));
                    }
                }
            } finally {
                searchers.release(searcher);
            }
            keywordFields = all;
            commitAndRefresh();
        }

        void close() throws IOException {
            try {
                searchers.close();
                writer.close();
            } finally {
                directory.close();
            }
        }
    }
}
