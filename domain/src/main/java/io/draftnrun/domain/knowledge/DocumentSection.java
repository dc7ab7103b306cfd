package io.draftnrun.domain.knowledge;

import java.util.Objects;
import java.util.Optional;

/**
 * A run of markdown text from a parsed document, with the 1-based page it came from when the format has pages (PDF).
 */
public record DocumentSection(String markdown, Optional<Integer> pageNumber) {
    public DocumentSection {
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(pageNumber, "pageNumber");
        pageNumber.ifPresent(page -> {
            if (page < 1) {
                throw new IllegalArgumentException("page numbers start at 1, got " + page);
            }
        });
    }

    public static DocumentSection of(String markdown) {
        return new DocumentSection(markdown, Optional.empty());
    }

    public static DocumentSection onPage(String markdown, int pageNumber) {
        return new DocumentSection(markdown, Optional.of(pageNumber));
    }
}
