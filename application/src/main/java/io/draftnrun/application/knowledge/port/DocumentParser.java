package io.draftnrun.application.knowledge.port;

import io.draftnrun.application.knowledge.ParseResult;

/**
 * Turns an uploaded file into markdown text (with page numbers for paged formats). Never throws for a bad file: an
 * unsupported type or a corrupt file is a {@link ParseResult.Failed} value, so ingestion fails that file only.
 */
public interface DocumentParser {
    ParseResult parse(String fileName, String contentType, byte[] bytes);
}
