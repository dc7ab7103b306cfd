package io.draftnrun.domain.knowledge;

/** What a source ingests: uploaded files, or the rows of a table of a customer database. */
public enum SourceType {
    FILES,
    DATABASE
}
