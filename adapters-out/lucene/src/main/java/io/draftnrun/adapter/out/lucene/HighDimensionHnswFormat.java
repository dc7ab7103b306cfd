package io.draftnrun.adapter.out.lucene;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format with a higher dimension cap (Lucene stops at 1024; OpenAI's text-embedding-3-large has 3072).
 * It keeps the delegate's SPI name, so the index files are plain Lucene99 HNSW files that any reader opens: the cap is
 * only checked when writing.
 */
final class HighDimensionHnswFormat extends KnnVectorsFormat {
    static final int MAX_DIMENSIONS = 4096;
    private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

    HighDimensionHnswFormat() {
        super(delegate().getName());
    }

    private static KnnVectorsFormat delegate() {
        return new Lucene99HnswVectorsFormat();
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
    }
}
