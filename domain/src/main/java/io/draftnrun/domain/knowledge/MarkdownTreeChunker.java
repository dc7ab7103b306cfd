package io.draftnrun.domain.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The markdown tree chunker of the reference (spec 5.5). The lines of a document become a tree: the root stands for
 * the file, {@code #}..{@code ######} headers nest by level, and consecutive non-header lines form one text node
 * (header-like lines inside fenced code blocks are text). Each leaf is emitted with the headers above it; then, level
 * by level from the bottom, consecutive sibling chunks are merged greedily while the merged text, prefixed by the
 * header path of their common ancestor, stays within {@code chunkSize} tokens. A text node too large on its own is
 * cut by the {@link SentenceSplitter} with {@code chunkSize}/{@code chunkOverlap} (less the tokens of its header
 * path, which every piece repeats).
 *
 * <p>Every chunk's text starts with the markdown header lines of its header path (outermost first), so a chunk read
 * alone says where it comes from. The file name is the root of the tree but is not written into the text: ingestion
 * stores it beside the chunk as the document title. Ids are {@code <file id>_<index>}, 0-based, so re-chunking the
 * same input gives the same ids. Page numbers of the sections a chunk's text came from are kept on the chunk.
 */
public final class MarkdownTreeChunker {
    private static final Pattern HEADER = Pattern.compile("^(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

    private final BoundedTokenCounter tokens;
    private final ChunkingOptions options;
    private final SentenceSplitter splitter;

    /**
     * @param tokenCounter the number of tokens of a text for the embedding/LLM tokenizer in use; a
     *     {@link BoundedTokenCounter} is asked only whether texts fit where that is the question (faster)
     */
    public MarkdownTreeChunker(ToIntFunction<String> tokenCounter, ChunkingOptions options) {
        this.tokens = BoundedTokenCounter.of(Objects.requireNonNull(tokenCounter, "tokenCounter"));
        this.options = Objects.requireNonNull(options, "options");
        this.splitter = new SentenceSplitter(tokenCounter);
    }

    /** Chunks a markdown text without page numbers. */
    public List<Chunk> chunk(String fileId, String fileName, String markdown) {
        return chunk(fileId, fileName, List.of(DocumentSection.of(markdown)));
    }

    /** Chunks the sections of a document, in order, as one markdown text whose lines remember their page. */
    public List<Chunk> chunk(String fileId, String fileName, List<DocumentSection> sections) {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(fileName, "fileName");
        if (fileId.isBlank()) {
            throw new IllegalArgumentException("file id must not be blank");
        }
        HeaderNode root = parse(fileName, sections);
        List<Segment> segments = build(root, List.of());
        List<Chunk> chunks = new ArrayList<>(segments.size());
        for (Segment segment : segments) {
            int index = chunks.size();
            chunks.add(new Chunk(
                    Chunk.idOf(fileId, index),
                    segment.content(),
                    index,
                    List.copyOf(segment.pages()),
                    segment.path().stream().map(HeaderNode::title).toList()));
        }
        return List.copyOf(chunks);
    }

    // ---- tree ----

    private record Line(String text, int page) {} // page 0 = none

    private sealed interface Node permits HeaderNode, TextNode {}

    private record HeaderNode(int level, String title, int page, List<Node> children) implements Node {
        String line() {
            return "#".repeat(level) + " " + title;
        }
    }

    private record TextNode(List<Line> lines) implements Node {}

    private static HeaderNode parse(String fileName, List<DocumentSection> sections) {
        HeaderNode root = new HeaderNode(0, fileName, 0, new ArrayList<>());
        List<HeaderNode> stack = new ArrayList<>();
        stack.add(root);
        TextNode open = null;
        boolean inFence = false;
        for (DocumentSection section : sections) {
            int page = section.pageNumber().orElse(0);
            String markdown =
                    section.markdown().startsWith("\uFEFF") ? section.markdown().substring(1) : section.markdown();
            for (String raw : markdown.split("\\R", -1)) {
                Matcher header = HEADER.matcher(raw);
                if (!inFence && header.matches() && !header.group(2).isBlank()) {
                    int level = header.group(1).length();
                    while (stack.getLast().level() >= level) {
                        stack.removeLast();
                    }
                    HeaderNode node = new HeaderNode(level, header.group(2).strip(), page, new ArrayList<>());
                    stack.getLast().children().add(node);
                    stack.add(node);
                    open = null;
                    continue;
                }
                if (FENCE.matcher(raw).find()) {
                    inFence = !inFence;
                }
                if (open == null) {
                    if (raw.isBlank()) {
                        continue;
                    }
                    open = new TextNode(new ArrayList<>());
                    stack.getLast().children().add(open);
                }
                open.lines().add(new Line(raw, page));
            }
        }
        return root;
    }

    // ---- chunks ----

    /**
     * Content relative to the node being built (descendant headers included), its pages and deepest common path, and
     * an estimate of the tokens of its content (from counts already made: it only guides {@link #merge}, which settles
     * every run with exact counts).
     */
    private record Segment(String content, SortedSet<Integer> pages, List<HeaderNode> path, int tokens) {}

    private List<Segment> build(HeaderNode node, List<HeaderNode> path) {
        List<Segment> segments = new ArrayList<>();
        for (Node child : node.children()) {
            switch (child) {
                case TextNode text -> segments.addAll(leaves(text, path));
                case HeaderNode header -> {
                    List<HeaderNode> childPath = append(path, header);
                    List<Segment> below = build(header, childPath);
                    int headerTokens = tokens.applyAsInt(header.line());
                    if (below.isEmpty()) {
                        segments.add(new Segment(header.line(), pagesOf(header.page()), childPath, headerTokens));
                    }
                    boolean first = true;
                    for (Segment segment : below) {
                        SortedSet<Integer> pages = new TreeSet<>(segment.pages());
                        if (first && header.page() > 0) {
                            pages.add(header.page()); // the header line is content only where the section starts
                        }
                        first = false;
                        segments.add(new Segment(
                                header.line() + "\n" + segment.content(),
                                pages,
                                segment.path(),
                                headerTokens + segment.tokens()));
                    }
                }
            }
        }
        return merge(segments, path);
    }

    /**
     * Joins consecutive segments greedily while the joined text (with the header path) fits the chunk size: each
     * chunk is the longest run from its first segment that fits. The run's end is first guessed from the segments'
     * estimates (counts made below, never a new count of a segment), then settled with exact counts of the joined
     * text (usually two), instead of counting the growing text after every segment, which was most of the chunking
     * time. Token counts grow with the text, so the result is the same as joining one segment at a time, whatever the
     * estimates: they only save counts.
     */
    private List<Segment> merge(List<Segment> segments, List<HeaderNode> path) {
        int n = segments.size();
        if (n < 2) {
            return segments; // nothing to join
        }
        String prefix = prefix(path);
        int size = options.chunkSize();
        int[] own = new int[n];
        for (int k = 0; k < n; k++) {
            own[k] = segments.get(k).tokens();
        }
        int separator = tokens.applyAsInt("\n\n");
        int prefixTokens = tokens.applyAsInt(prefix);
        List<Segment> merged = new ArrayList<>();
        int i = 0;
        while (i < n) {
            int j = i;
            long estimate = (long) prefixTokens + own[i];
            while (j + 1 < n && estimate + separator + own[j + 1] <= size) {
                estimate += separator + own[j + 1];
                j++;
            }
            boolean shrunk = false;
            while (j > i && tokens.countUpTo(prefix + joined(segments, i, j), size) > size) {
                j--;
                shrunk = true; // so the run up to j + 1 is known not to fit
            }
            while (!shrunk && j + 1 < n && tokens.countUpTo(prefix + joined(segments, i, j + 1), size) <= size) {
                j++;
            }
            SortedSet<Integer> pages = new TreeSet<>();
            List<HeaderNode> common = segments.get(i).path();
            for (int k = i; k <= j; k++) {
                pages.addAll(segments.get(k).pages());
                common = commonPath(common, segments.get(k).path());
            }
            int runTokens = own[i];
            for (int k = i + 1; k <= j; k++) {
                runTokens += separator + own[k];
            }
            merged.add(new Segment(joined(segments, i, j), pages, common, runTokens));
            i = j + 1;
        }
        return merged;
    }

    private static String joined(List<Segment> segments, int from, int to) {
        StringBuilder text = new StringBuilder(segments.get(from).content());
        for (int k = from + 1; k <= to; k++) {
            text.append("\n\n").append(segments.get(k).content());
        }
        return text.toString();
    }

    private List<Segment> leaves(TextNode node, List<HeaderNode> path) {
        List<Line> lines = node.lines();
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).text().isBlank()) {
            last--;
        }
        StringBuilder text = new StringBuilder();
        int[] starts = new int[last + 1];
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                text.append('\n');
            }
            starts[i] = text.length();
            text.append(lines.get(i).text());
        }
        String content = text.toString().stripTrailing();
        if (content.isBlank()) {
            return List.of();
        }
        String prefix = prefix(path);
        int whole = tokens.countUpTo(prefix + content, options.chunkSize());
        int prefixTokens = tokens.applyAsInt(prefix);
        if (whole <= options.chunkSize()) {
            return List.of(new Segment(
                    content,
                    pagesBetween(lines, starts, 0, content.length()),
                    path,
                    Math.max(0, whole - prefixTokens)));
        }
        int budget = Math.max(8, options.chunkSize() - prefixTokens);
        int overlap = Math.min(options.chunkOverlap(), budget / 2);
        List<Segment> pieces = new ArrayList<>();
        for (SentenceSplitter.Piece cut : splitter.pieces(content, budget, overlap)) {
            SentenceSplitter.Span span = cut.span();
            String piece = content.substring(span.start(), span.end()).strip();
            if (!piece.isEmpty()) {
                pieces.add(
                        new Segment(piece, pagesBetween(lines, starts, span.start(), span.end()), path, cut.tokens()));
            }
        }
        return pieces;
    }

    private static SortedSet<Integer> pagesBetween(List<Line> lines, int[] starts, int from, int to) {
        SortedSet<Integer> pages = new TreeSet<>();
        for (int i = 0; i < starts.length; i++) {
            int start = starts[i];
            int end = start + lines.get(i).text().length();
            boolean overlaps = start < to && end >= from && !lines.get(i).text().isBlank();
            if (overlaps && lines.get(i).page() > 0) {
                pages.add(lines.get(i).page());
            }
        }
        return pages;
    }

    private static SortedSet<Integer> pagesOf(int page) {
        SortedSet<Integer> pages = new TreeSet<>();
        if (page > 0) {
            pages.add(page);
        }
        return pages;
    }

    private static String prefix(List<HeaderNode> path) {
        StringBuilder prefix = new StringBuilder();
        for (HeaderNode header : path) {
            prefix.append(header.line()).append('\n');
        }
        return prefix.toString();
    }

    private static List<HeaderNode> append(List<HeaderNode> path, HeaderNode header) {
        List<HeaderNode> longer = new ArrayList<>(path);
        longer.add(header);
        return List.copyOf(longer);
    }

    private static List<HeaderNode> commonPath(List<HeaderNode> a, List<HeaderNode> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n) == b.get(n)) {
            n++;
        }
        return a.subList(0, n);
    }
}
