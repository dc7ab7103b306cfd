package io.draftnrun.adapter.out.documents;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The formats we read, recognised by file extension first and by content type when the name has none we know. */
enum DocumentFormat {
    PDF(Set.of("pdf"), Set.of("application/pdf")),
    DOCX(Set.of("docx"), Set.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
    MARKDOWN(Set.of("md", "markdown"), Set.of("text/markdown", "text/x-markdown")),
    TEXT(Set.of("txt", "text"), Set.of("text/plain")),
    HTML(Set.of("html", "htm"), Set.of("text/html", "application/xhtml+xml")),
    CSV(Set.of("csv"), Set.of("text/csv", "application/csv"));

    private final Set<String> extensions;
    private final Set<String> contentTypes;

    DocumentFormat(Set<String> extensions, Set<String> contentTypes) {
        this.extensions = extensions;
        this.contentTypes = contentTypes;
    }

    static Optional<DocumentFormat> detect(String fileName, String contentType) {
        String extension = extension(fileName);
        for (DocumentFormat format : values()) {
            if (format.extensions.contains(extension)) {
                return Optional.of(format);
            }
        }
        String type =
                contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> format.contentTypes.contains(type))
                .findFirst();
    }

    static String extension(String fileName) {
        String name = fileName == null ? "" : fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static List<String> supportedExtensions() {
        return List.of(".pdf", ".docx", ".md", ".txt", ".html", ".csv");
    }
}
