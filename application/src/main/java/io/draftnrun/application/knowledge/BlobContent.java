package io.draftnrun.application.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** An open stored file: its description and a stream of its bytes, to be closed by the reader. */
public record BlobContent(BlobInfo info, InputStream stream) implements AutoCloseable {
    public BlobContent {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(stream, "stream");
    }

    /** Reads the remaining bytes and closes the stream. */
    public byte[] readAllBytes() {
        try (InputStream in = stream) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading file " + info.key() + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
