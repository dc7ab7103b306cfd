package io.draftnrun.application.knowledge;

import io.draftnrun.domain.knowledge.DocumentSection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A file read as markdown: its sections in reading order (one per page for PDFs, with the page number; usually one
 * section without page for the other formats).
 */
public record ParsedDocument(String fileName, List<DocumentSection> sections) {
    public ParsedDocument {
        Objects.requireNonNull(fileName, "fileName");
        sections = List.copyOf(sections);
    }

    /** The whole text, sections separated by a blank line. */
    public String markdown() {
        return sections.stream().map(DocumentSection::markdown).collect(Collectors.joining("\n\n"));
    }
}
