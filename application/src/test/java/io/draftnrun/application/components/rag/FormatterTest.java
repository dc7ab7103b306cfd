package io.draftnrun.application.components.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's exact-string tests of the Formatter (tests/agent/rag/test_get_citations.py). */
class FormatterTest {
    static final SourceChunk BASIC = SourceChunk.of(
            "basic", "basic", "http://example.com", "Sample content", ordered("author", "Jane Doe", "year", "2021"));
    static final SourceChunk NO_METADATA =
            SourceChunk.of("no_metadata", "no_metadata", "http://example2.com", "Another sample content", Map.of());
    static final SourceChunk SPECIAL = SourceChunk.of(
            "special_characters",
            "special_characters",
            "http://example4.com",
            "Content with special characters! @#$%^&*()",
            ordered("author", "Alice", "description", "Contains !@#$%^&*() symbols"));
    static final SourceChunk WITH_PAGE = SourceChunk.of(
            "with_page_number",
            "with_page_number",
            "http://example5.com",
            "Content with a lot of metadata",
            ordered("author", "Jane Doe", "year", "2021", "PAGE_NUMBER", "300"));

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }

    private static SourcedResponse format(boolean addSources, String response, SourceChunk... sources) {
        return new Formatter.Instance("f", addSources).format(SourcedResponse.of(response, List.of(sources)));
    }

    @Test
    void addSourcesBasic() {
        assertThat(format(true, "This is the response [1].", BASIC))
                .isEqualTo(SourcedResponse.of(
                        "This is the response [1].\nSources:\n[1] <http://example.com|basic>\n", List.of(BASIC)));
    }

    @Test
    void addSourcesMultiple() {
        assertThat(format(true, "This is the response with two sources [1] and [2].", BASIC, NO_METADATA))
                .isEqualTo(SourcedResponse.of(
                        "This is the response with two sources [1] and [2].\nSources:\n[1] <http://example.com|basic>\n"
                                + "[2] <http://example2.com|no_metadata>\n",
                        List.of(BASIC, NO_METADATA)));
    }

    @Test
    void noCitationsDropsTheSources() {
        assertThat(format(false, "This is the response with no sources.", BASIC))
                .isEqualTo(SourcedResponse.of("This is the response with no sources.", List.of()));
    }

    @Test
    void anOutOfRangeCitationIsEmptied() {
        assertThat(format(false, "This is the response with an out-of-range source [3].", BASIC, NO_METADATA))
                .isEqualTo(SourcedResponse.of("This is the response with an out-of-range source [].", List.of()));
    }

    @Test
    void pageNumber() {
        assertThat(format(true, "This is the response [1].", WITH_PAGE))
                .isEqualTo(SourcedResponse.of(
                        "This is the response [1].\nSources:\n[1] <http://example5.com|with_page_number page 300>\n",
                        List.of(WITH_PAGE)));
    }

    @Test
    void specialCharacters() {
        assertThat(format(true, "Here is the response [1].", SPECIAL))
                .isEqualTo(SourcedResponse.of(
                        "Here is the response [1].\nSources:\n[1] <http://example4.com|special_characters>\n",
                        List.of(SPECIAL)));
    }

    @Test
    void noSourcesLeavesTheResponseAlone() {
        assertThat(format(false, "This is the response [1]."))
                .isEqualTo(SourcedResponse.of("This is the response [1].", List.of()));
    }

    @Test
    void renumbersFromOneInOrderOfAppearance() {
        assertThat(format(true, "This is the response [3][2].", BASIC, NO_METADATA, SPECIAL))
                .isEqualTo(SourcedResponse.of(
                        "This is the response [1][2].\nSources:\n[1] <http://example4.com|special_characters>\n"
                                + "[2] <http://example2.com|no_metadata>\n",
                        List.of(SPECIAL, NO_METADATA)));
    }

    @Test
    void groupedCitationsWithAnOutOfRangeNumber() {
        assertThat(format(true, "This is the response [1,99,2].", SPECIAL, NO_METADATA, BASIC))
                .isEqualTo(SourcedResponse.of(
                        "This is the response [1,,2].\nSources:\n[1] <http://example4.com|special_characters>\n"
                                + "[2] <http://example2.com|no_metadata>\n",
                        List.of(SPECIAL, NO_METADATA)));
    }

    @Test
    void repeatedCitationsKeepTheirNewNumber() {
        assertThat(format(
                        true,
                        "This is the response [3][2]. Here is another text [3]. Here is the last part [2].",
                        BASIC,
                        NO_METADATA,
                        SPECIAL))
                .isEqualTo(SourcedResponse.of(
                        "This is the response [1][2]. Here is another text [1]. Here is the last part [2].\nSources:\n"
                                + "[1] <http://example4.com|special_characters>\n[2] <http://example2.com|no_metadata>\n",
                        List.of(SPECIAL, NO_METADATA)));
    }

    @Test
    void pagesFromBoundingBoxesAndDocumentTitle() {
        SourceChunk pdf = SourceChunk.of(
                "c1",
                "file.pdf",
                "",
                "x",
                ordered(
                        "document_title",
                        "Annual report",
                        "bounding_boxes",
                        "[{\"page\": 3}, {\"page\": 1}, {\"page\": 3}]"));
        assertThat(Formatter.citation(pdf, 1)).isEqualTo("[1] <Annual report: pages 1,3>");
    }
}
