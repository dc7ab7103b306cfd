package io.draftnrun.domain.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * A piece of a document sized for embedding and retrieval. {@code id} is {@code <file id>_<index>} (0-based,
 * deterministic), {@code text} starts with the markdown headers of {@code headerPath} (outermost first), and
 * {@code pageNumbers} lists, ascending, the pages the text came from (empty for formats without pages).
 */
public record Chunk(String id, String text, int index, List<Integer> pageNumbers, List<String> headerPath) {
    public Chunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        if (index < 0) {
            throw new IllegalArgumentException("chunk index must be >= 0, got " + index);
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("chunk text must not be blank");
        }
        pageNumbers = List.copyOf(pageNumbers);
        headerPath = List.copyOf(headerPath);
    }

    /** The deterministic id of the chunk at {@code index} of file {@code fileId}. */
    public static String idOf(String fileId, int index) {
        return fileId + "_" + index;
    }
}
