package io.draftnrun.application.knowledge;

import java.util.Objects;

/** What parsing a file gave: the document, or why the file cannot be read. */
public sealed interface ParseResult {
    record Parsed(ParsedDocument document) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(document, "document");
        }
    }

    /** A file that cannot be ingested, with a reason to show the user (no stack trace, no internal paths). */
    record Failed(String fileName, ParseFailure failure, String reason) implements ParseResult {
        public Failed {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(reason, "reason");
        }
    }

    static ParseResult parsed(ParsedDocument document) {
        return new Parsed(document);
    }

    static ParseResult failed(String fileName, ParseFailure failure, String reason) {
        return new Failed(fileName, failure, reason);
    }
}
