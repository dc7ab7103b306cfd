package io.draftnrun.domain.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MarkdownTreeChunkerTest {
    /** One token per whitespace-separated word: easy to reason about in assertions. */
    static final ToIntFunction<String> WORDS =
            text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    static String words(String word, int count) {
        return IntStream.range(0, count).mapToObj(i -> word + i).collect(Collectors.joining(" "));
    }

    static MarkdownTreeChunker chunker(int size, int overlap) {
        return new MarkdownTreeChunker(WORDS, new ChunkingOptions(size, overlap));
    }

    @Test
    void nestsHeadersByLevelAndGivesEveryLeafItsAncestorHeaders() {
        String markdown = String.join(
                "\n",
                "# Guide",
                words("intro", 12),
                "## Install",
                words("install", 12),
                "### On Linux",
                words("linux", 12),
                "## Usage",
                words("usage", 12),
                "# Appendix",
                words("appendix", 12));

        List<Chunk> chunks = chunker(20, 0).chunk("f1", "guide.md", markdown);

        assertThat(chunks)
                .extracting(Chunk::headerPath)
                .containsExactly(
                        List.of("Guide"),
                        List.of("Guide", "Install"),
                        List.of("Guide", "Install", "On Linux"),
                        List.of("Guide", "Usage"),
                        List.of("Appendix"));
        assertThat(chunks.get(2).text()).isEqualTo("# Guide\n## Install\n### On Linux\n" + words("linux", 12));
        assertThat(chunks.get(4).text()).isEqualTo("# Appendix\n" + words("appendix", 12));
    }

    @Test
    void textBeforeAnyHeaderBelongsToTheFileRootAndConsecutiveLinesStayTogether() {
        String markdown = "first line\nsecond line\n\nthird paragraph\n# Title\nbody";

        List<Chunk> chunks = chunker(16, 0).chunk("f1", "notes.md", markdown);

        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().text()).isEqualTo("first line\nsecond line\n\nthird paragraph\n\n# Title\nbody");
        assertThat(chunks.getFirst().headerPath()).isEmpty();
    }

    @Test
    void mergesSiblingsGreedilyUnderTheirAncestorPath() {
        String markdown = String.join(
                "\n",
                "# Guide",
                "## Install",
                words("install", 8),
                "## Usage",
                words("usage", 8),
                "## FAQ",
                words("faq", 20));

        List<Chunk> chunks = chunker(28, 0).chunk("f1", "guide.md", markdown);

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).text())
                .isEqualTo("# Guide\n## Install\n" + words("install", 8) + "\n\n## Usage\n" + words("usage", 8));
        assertThat(chunks.get(0).headerPath()).containsExactly("Guide");
        assertThat(chunks.get(1).text()).isEqualTo("# Guide\n## FAQ\n" + words("faq", 20));
        assertThat(chunks.get(1).headerPath()).containsExactly("Guide", "FAQ");
        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(WORDS.applyAsInt(chunk.text())).isLessThanOrEqualTo(28));
    }

    @Test
    void splitsAnOversizeSectionBySentencesWithOverlapAndRepeatsItsHeaders() {
        List<String> sentences = IntStream.range(0, 30)
                .mapToObj(i -> "Sentence number " + i + " says little.")
                .toList();
        String markdown = "# Policy\n## Details\n" + String.join(" ", sentences);

        List<Chunk> chunks = chunker(24, 6).chunk("f1", "policy.md", markdown);

        assertThat(chunks.size()).isGreaterThan(5);
        for (Chunk chunk : chunks) {
            assertThat(chunk.text()).startsWith("# Policy\n## Details\n");
            assertThat(WORDS.applyAsInt(chunk.text())).isLessThanOrEqualTo(24);
            assertThat(chunk.headerPath()).containsExactly("Policy", "Details");
        }
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1).text();
            String firstSentence =
                    chunks.get(i).text().lines().skip(2).findFirst().orElseThrow();
            String opening = firstSentence.substring(0, firstSentence.indexOf('.') + 1);
            assertThat(previous)
                    .as("chunk %d starts with the end of chunk %d", i, i - 1)
                    .contains(opening);
        }
        String all = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
        assertThat(sentences).allSatisfy(sentence -> assertThat(all).contains(sentence));
    }

    @Test
    void cutsBetweenSentencesNotInsideThem() {
        String text = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu.";

        List<Chunk> chunks = chunker(16, 0).chunk("f", "a.txt", text + " " + text + " " + text + " " + text);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text()).endsWith("."));
    }

    @Test
    void idsAreTheFileIdAndA0BasedIndexAndStableAcrossRuns() {
        String markdown = "# A\n" + words("a", 20) + "\n# B\n" + words("b", 20) + "\n# C\n" + words("c", 20);
        MarkdownTreeChunker chunker = chunker(24, 0);

        List<Chunk> first = chunker.chunk("doc-42", "abc.md", markdown);
        List<Chunk> second = chunker.chunk("doc-42", "abc.md", markdown);

        assertThat(first).extracting(Chunk::id).containsExactly("doc-42_0", "doc-42_1", "doc-42_2");
        assertThat(first).extracting(Chunk::index).containsExactly(0, 1, 2);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void keepsThePageNumbersTheTextCameFrom() {
        List<DocumentSection> pages = List.of(
                DocumentSection.onPage("# Report\n" + words("one", 10), 1),
                DocumentSection.onPage(words("two", 10), 2),
                DocumentSection.onPage("# Annex\n" + words("three", 10), 3));

        List<Chunk> small = chunker(16, 0).chunk("r", "report.pdf", pages);
        List<Chunk> large = chunker(200, 0).chunk("r", "report.pdf", pages);

        assertThat(small).extracting(Chunk::pageNumbers).containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(small.get(1).text()).startsWith("# Report\n").contains("two0");
        assertThat(large).hasSize(1);
        assertThat(large.getFirst().pageNumbers()).containsExactly(1, 2, 3);
    }

    @Test
    void pagesOfSplitPiecesFollowTheirText() {
        List<DocumentSection> pages = IntStream.rangeClosed(1, 4)
                .mapToObj(
                        page -> DocumentSection.onPage("Page " + page + " line. " + words("p" + page, 10) + ".", page))
                .toList();

        List<Chunk> chunks = chunker(16, 0).chunk("r", "scan.pdf", pages);

        assertThat(chunks).hasSize(4);
        assertThat(chunks)
                .extracting(Chunk::pageNumbers)
                .containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
    }

    @Test
    void headerLikeLinesInsideCodeFencesAreText() {
        String markdown = "# Script\n```bash\n# not a header\necho hi\n```\n";

        List<Chunk> chunks = chunker(64, 0).chunk("s", "script.md", markdown);

        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.headerPath()).containsExactly("Script");
            assertThat(chunk.text()).isEqualTo("# Script\n```bash\n# not a header\necho hi\n```");
        });
    }

    @Test
    void aHeaderWithoutTextIsStillAChunkAndAnEmptyDocumentHasNone() {
        assertThat(chunker(64, 0).chunk("e", "empty.md", "\uFEFF\n\n  \n")).isEmpty();
        assertThat(chunker(64, 0).chunk("h", "h.md", "## Lonely"))
                .singleElement()
                .satisfies(chunk -> assertThat(chunk.text()).isEqualTo("## Lonely"));
    }

    @Test
    void refusesInconsistentOptions() {
        assertThatThrownBy(() -> new ChunkingOptions(100, 100)).hasMessageContaining("overlap");
        assertThatThrownBy(() -> new ChunkingOptions(4, 0)).hasMessageContaining("chunk size");
    }

    @Test
    void siblingSectionsJoinGreedilyIntoTheLongestRunThatFitsCountingTheTextAboutOnce() {
        java.util.Random random = new java.util.Random(7);
        StringBuilder markdown = new StringBuilder("# Top\n");
        List<String> sections = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String section = "## S" + i + "\n" + words("w" + i + "x", 1 + random.nextInt(9));
            sections.add(section);
            markdown.append(section).append('\n');
        }
        java.util.concurrent.atomic.AtomicLong counted = new java.util.concurrent.atomic.AtomicLong();
        ToIntFunction<String> counting = text -> {
            counted.addAndGet(text.length());
            return WORDS.applyAsInt(text);
        };
        int size = 200;
        List<Chunk> chunks = new MarkdownTreeChunker(counting, new ChunkingOptions(size, 0))
                .chunk("f1", "many.md", markdown.toString());

        List<List<String>> runs = chunks.stream()
                .map(c -> List.of(c.text().substring("# Top\n".length()).split("\n\n")))
                .toList();
        assertThat(runs.stream().flatMap(List::stream).toList())
                .as("every section once, in order")
                .isEqualTo(sections);
        for (int k = 0; k < chunks.size(); k++) {
            assertThat(WORDS.applyAsInt(chunks.get(k).text()))
                    .as("chunk " + k + " fits")
                    .isLessThanOrEqualTo(size);
            if (k + 1 < chunks.size()) {
                String withNext =
                        chunks.get(k).text() + "\n\n" + runs.get(k + 1).getFirst();
                assertThat(WORDS.applyAsInt(withNext))
                        .as("chunk " + k + " is the longest run that fits")
                        .isGreaterThan(size);
            }
        }
        assertThat(counted.get())
                .as("the text is counted a few times over, not once per joined section")
                .isLessThan(8L * markdown.length()); // joining one section at a time counted it 19 times over
    }

    @Test
    void aBoundedCounterGivesTheSameChunksWhileReadingLess() {
        java.util.Random random = new java.util.Random(11);
        StringBuilder markdown = new StringBuilder("# Top\n");
        for (int i = 0; i < 60; i++) {
            markdown.append("## S").append(i).append('\n');
            int paragraphs = 1 + random.nextInt(3);
            for (int p = 0; p < paragraphs; p++) {
                // sentences of a few words, some sections far over the chunk size (split), some small (joined)
                int sentences = random.nextInt(4) == 0 ? 40 : 1 + random.nextInt(4);
                for (int t = 0; t < sentences; t++) {
                    markdown.append(words("s" + i + "p" + p + "t" + t + "w", 3 + random.nextInt(8)))
                            .append(". ");
                }
                markdown.append("\n\n");
            }
        }
        java.util.concurrent.atomic.AtomicLong plainRead = new java.util.concurrent.atomic.AtomicLong();
        ToIntFunction<String> plain = text -> {
            plainRead.addAndGet(text.length());
            return WORDS.applyAsInt(text);
        };
        java.util.concurrent.atomic.AtomicLong boundedRead = new java.util.concurrent.atomic.AtomicLong();
        BoundedTokenCounter bounded = new BoundedTokenCounter() {
            @Override
            public int applyAsInt(String text) {
                boundedRead.addAndGet(text.length());
                return WORDS.applyAsInt(text);
            }

            @Override
            public int countUpTo(String text, int limit) {
                java.util.regex.Matcher word =
                        java.util.regex.Pattern.compile("\\S+").matcher(text);
                int count = 0;
                int read = 0;
                while (count <= limit && word.find()) { // stops at the first word past the limit
                    count++;
                    read = word.end();
                }
                boundedRead.addAndGet(count > limit ? read : text.length());
                return count;
            }
        };
        ChunkingOptions options = new ChunkingOptions(60, 10);

        List<Chunk> expected = new MarkdownTreeChunker(plain, options).chunk("f1", "mixed.md", markdown.toString());
        List<Chunk> chunks = new MarkdownTreeChunker(bounded, options).chunk("f1", "mixed.md", markdown.toString());

        assertThat(expected).hasSizeGreaterThan(30);
        assertThat(chunks).isEqualTo(expected);
        assertThat(boundedRead.get()).isLessThan(plainRead.get());
    }
}
