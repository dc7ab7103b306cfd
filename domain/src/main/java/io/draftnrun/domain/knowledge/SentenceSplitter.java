package io.draftnrun.domain.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a text that is too long for one chunk into pieces of at most {@code budget} tokens, each repeating up to
 * {@code overlap} tokens from the end of the previous one. Like llama-index's sentence splitter it prefers the
 * coarsest boundary that fits: paragraphs, then lines, then sentences, then words, and only as a last resort
 * characters. Pieces are returned as spans of the input, so a caller can map them back (to pages, for instance).
 */
public final class SentenceSplitter {
    /** Half-open range {@code [start, end)} of the split text. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
            }
        }
    }

    private static final List<Pattern> BOUNDARIES = List.of(
            Pattern.compile("\\n[ \\t]*\\n\\s*"), // paragraphs
            Pattern.compile("\\n\\s*"), // lines
            Pattern.compile("(?<=[.!?;:\u3002\uff01\uff1f])[\"')\\]]*\\s+"), // sentences
            Pattern.compile("\\s+")); // words

    /** A piece of the text and an estimate of its tokens (the sum of its units' counts). */
    record Piece(Span span, int tokens) {}

    /** A unit of the text (a paragraph, line, sentence, word or characters) that fits the budget, and its count. */
    private record Unit(int start, int end, int tokens) {}

    private final BoundedTokenCounter tokens;

    /** @param tokenCounter counts to the end unless it is a {@link BoundedTokenCounter} */
    public SentenceSplitter(ToIntFunction<String> tokenCounter) {
        this.tokens = BoundedTokenCounter.of(Objects.requireNonNull(tokenCounter, "tokenCounter"));
    }

    /**
     * Splits {@code text} into spans of at most {@code budget} tokens that together cover every non-blank part of
     * it, in order; consecutive spans overlap by up to {@code overlap} tokens. Leading and trailing whitespace of a
     * span is not trimmed: callers strip the text they take.
     */
    public List<Span> split(String text, int budget, int overlap) {
        return pieces(text, budget, overlap).stream().map(Piece::span).toList();
    }

    /** {@link #split}, with each span's estimated tokens. */
    List<Piece> pieces(String text, int budget, int overlap) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget must be >= 1, got " + budget);
        }
        if (overlap < 0) {
            throw new IllegalArgumentException("overlap must be >= 0, got " + overlap);
        }
        List<Unit> units = new ArrayList<>();
        cutIntoUnits(text, 0, text.length(), 0, budget, units);
        units.removeIf(unit -> text.substring(unit.start(), unit.end()).isBlank());
        if (units.isEmpty()) {
            return List.of();
        }
        int n = units.size();
        int[] counts = new int[n]; // exact: a unit fits the budget, so its count was not cut short
        for (int i = 0; i < n; i++) {
            counts[i] = units.get(i).tokens();
        }
        List<Piece> pieces = new ArrayList<>();
        int i = 0;
        while (i < n) {
            // Greedy by the sum of unit counts (cheap), then checked against the real count of the joined text.
            int j = i;
            int sum = counts[i];
            while (j + 1 < n && sum + counts[j + 1] <= budget) {
                j++;
                sum += counts[j];
            }
            while (j > i && count(text, units.get(i).start(), units.get(j).end(), budget) > budget) {
                sum -= counts[j];
                j--;
            }
            pieces.add(new Piece(new Span(units.get(i).start(), units.get(j).end()), sum));
            if (j == n - 1) {
                break;
            }
            int next = j + 1;
            int repeated = 0;
            while (next - 1 > i
                    && repeated + counts[next - 1] + counts[j + 1] <= budget
                    && repeated + counts[next - 1] <= overlap) {
                next--;
                repeated += counts[next];
            }
            i = next;
        }
        return List.copyOf(pieces);
    }

    private void cutIntoUnits(String text, int start, int end, int level, int budget, List<Unit> out) {
        if (start >= end) {
            return;
        }
        int count = count(text, start, end, budget);
        if (count <= budget) {
            out.add(new Unit(start, end, count));
            return;
        }
        if (level >= BOUNDARIES.size()) {
            cutByCharacters(text, start, end, budget, out);
            return;
        }
        Matcher matcher = BOUNDARIES.get(level).matcher(text).region(start, end);
        List<Span> parts = new ArrayList<>();
        int from = start;
        while (matcher.find()) {
            if (matcher.end() > from && matcher.start() > from) {
                parts.add(new Span(from, matcher.end()));
                from = matcher.end();
            }
        }
        if (from < end) {
            parts.add(new Span(from, end));
        }
        if (parts.size() <= 1) {
            cutIntoUnits(text, start, end, level + 1, budget, out);
            return;
        }
        for (Span part : parts) {
            cutIntoUnits(text, part.start(), part.end(), level + 1, budget, out);
        }
    }

    private void cutByCharacters(String text, int start, int end, int budget, List<Unit> out) {
        int from = start;
        while (from < end) {
            int low = from + 1;
            int high = end;
            while (low < high) { // the longest prefix that fits
                int mid = (low + high + 1) >>> 1;
                if (count(text, from, mid, budget) <= budget) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            int cut = low;
            if (cut < end && Character.isHighSurrogate(text.charAt(cut - 1)) && cut - 1 > from) {
                cut--;
            }
            out.add(new Unit(from, cut, tokens.applyAsInt(text.substring(from, cut))));
            from = cut;
        }
    }

    /** The tokens of {@code text[start, end)} when at most {@code limit}, else any number above it. */
    private int count(String text, int start, int end, int limit) {
        return tokens.countUpTo(text.substring(start, end), limit);
    }
}
