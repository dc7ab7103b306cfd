package io.draftnrun.domain.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
    private final SentenceSplitter splitter = new SentenceSplitter(MarkdownTreeChunkerTest.WORDS);

    @Test
    void prefersParagraphBoundaries() {
        String text = "one two three four.\n\nfive six seven eight.\n\nnine ten eleven twelve.";

        List<String> pieces = texts(text, splitter.split(text, 8, 0));

        assertThat(pieces).containsExactly("one two three four.\n\nfive six seven eight.", "nine ten eleven twelve.");
    }

    @Test
    void repeatsTheEndOfThePreviousPieceUpToTheOverlap() {
        String text = "a1 a2. b1 b2. c1 c2. d1 d2. e1 e2. f1 f2.";

        List<String> pieces = texts(text, splitter.split(text, 6, 2));

        assertThat(pieces).containsExactly("a1 a2. b1 b2. c1 c2.", "c1 c2. d1 d2. e1 e2.", "e1 e2. f1 f2.");
    }

    @Test
    void fallsBackToWordsAndCharactersForRunOnText() {
        String word = "x".repeat(50);
        String text = word + " " + word;

        List<SentenceSplitter.Span> spans = new SentenceSplitter(s -> (s.strip().length() + 9) / 10).split(text, 3, 0);

        assertThat(spans.size()).isGreaterThanOrEqualTo(4);
        assertThat(String.join("", texts(text, spans)).replace(" ", "")).isEqualTo(word + word);
    }

    private static List<String> texts(String text, List<SentenceSplitter.Span> spans) {
        return spans.stream()
                .map(span -> text.substring(span.start(), span.end()).strip())
                .toList();
    }
}
