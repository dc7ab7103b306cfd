package io.draftnrun.application.components.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's exact-string tests of context building (tests/agent/rag/test_build_context.py). */
class ContextsTest {
    @Test
    void basicSource() {
        assertThat(Contexts.sources(List.of(FormatterTest.BASIC)))
                .isEqualTo("**Source 1:**\nSample content\nMetadata:\nauthor: Jane Doe\nyear: 2021");
    }

    @Test
    void noMetadata() {
        assertThat(Contexts.sources(List.of(FormatterTest.NO_METADATA)))
                .isEqualTo("**Source 1:**\nAnother sample content");
    }

    @Test
    void emptyContent() {
        SourceChunk empty = SourceChunk.of(
                "empty_content", "empty_content", "http://example3.com", "", Map.of("author", "John Smith"));
        assertThat(Contexts.sources(List.of(empty))).isEqualTo("**Source 1:**\n\nMetadata:\nauthor: John Smith");
    }

    @Test
    void noUrl() {
        SourceChunk noUrl = SourceChunk.of("no_url", "no_url", "", "Content without URL", Map.of("author", "Unknown"));
        assertThat(Contexts.sources(List.of(noUrl)))
                .isEqualTo("**Source 1:**\nContent without URL\nMetadata:\nauthor: Unknown");
    }

    @Test
    void specialCharacters() {
        assertThat(Contexts.sources(List.of(FormatterTest.SPECIAL)))
                .isEqualTo("**Source 1:**\nContent with special characters! @#$%^&*()\n"
                        + "Metadata:\nauthor: Alice\ndescription: Contains !@#$%^&*() symbols");
    }

    @Test
    void selectedMetadataKeys() {
        SourceChunk many = SourceChunk.of(
                "many_metadata",
                "many_metadata",
                "http://example5.com",
                "Content with a lot of metadata",
                FormatterTest.ordered(
                        "author",
                        "Jane Doe",
                        "year",
                        "2021",
                        "publisher",
                        "Tech Press",
                        "edition",
                        "Second",
                        "ISBN",
                        "123-4567890123",
                        "pages",
                        "300",
                        "category",
                        "Technology",
                        "keywords",
                        "AI, Python, Programming"));
        assertThat(Contexts.sources(List.of(many), List.of("author", "year", "keywords")))
                .isEqualTo("**Source 1:**\nContent with a lot of metadata\nMetadata:\nauthor: Jane Doe\nyear: 2021\n"
                        + "keywords: AI, Python, Programming");
    }

    @Test
    void severalSourcesAreSeparatedByABlankLineAndScoresAreHidden() {
        SourceChunk scored = FormatterTest.NO_METADATA.withMetadata("similarity_score", 0.9);
        assertThat(Contexts.sources(List.of(scored, FormatterTest.NO_METADATA)))
                .isEqualTo("**Source 1:**\nAnother sample content\n\n**Source 2:**\nAnother sample content");
    }

    @Test
    void glossary() {
        assertThat(Contexts.vocabulary(
                        List.of(Map.entry("RAG", "Retrieval augmented generation"), Map.entry("LLM", "A model"))))
                .isEqualTo("**Glossary definition of RAG:**\nRetrieval augmented generation\n\n"
                        + "**Glossary definition of LLM:**\nA model");
    }

    @Test
    void fuzzyScoresMatchFuzzywuzzy() {
        assertThat(Fuzzy.ratio("this is a test", "this is a test!")).isEqualTo(97);
        assertThat(Fuzzy.partialRatio("this is a test", "this is a test!")).isEqualTo(100);
        assertThat(Fuzzy.partialRatio("yankees", "new york yankees")).isEqualTo(100);
        assertThat(Fuzzy.ratio("new york mets", "new york yankees")).isEqualTo(76);
        assertThat(Fuzzy.partialRatio("new york mets", "new york yankees")).isEqualTo(69);
        assertThat(Fuzzy.partialRatio("what is an llm", "large language model")).isEqualTo(36);
        assertThat(Fuzzy.fullProcess("  Hello, World! ")).isEqualTo("hello  world");
    }
}
