package io.draftnrun.adapter.out.documents;

import io.draftnrun.domain.knowledge.DocumentSection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * HTML to markdown with jsoup: {@code h1}..{@code h6} become headers, lists become {@code -} / {@code 1.} items
 * (nested lists indented), {@code pre} a fenced block, tables markdown tables, other blocks paragraphs. Scripts,
 * styles, templates, forms' hidden parts and the {@code head} are dropped. The charset comes from the BOM or the
 * {@code meta} tag, UTF-8 otherwise.
 */
final class HtmlReader {
    private HtmlReader() {}

    static List<DocumentSection> read(byte[] bytes) throws IOException {
        Document document = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
        document.select("script, style, noscript, template, svg, iframe, object, head, [hidden]")
                .remove();
        List<String> blocks = new ArrayList<>();
        StringBuilder inline = new StringBuilder();
        children(document.body() == null ? document : document.body(), blocks, inline);
        flush(blocks, inline);
        String markdown = Markdown.tidy(String.join("\n\n", blocks));
        return markdown.isEmpty() ? List.of() : List.of(DocumentSection.of(markdown));
    }

    private static void children(Element parent, List<String> blocks, StringBuilder inline) {
        for (Node node : parent.childNodes()) {
            if (node instanceof TextNode text) {
                inline.append(text.text());
            } else if (node instanceof Element element) {
                if (element.isBlock() || isSpecial(element)) {
                    flush(blocks, inline);
                    block(element, blocks);
                } else if (element.nameIs("br")) {
                    inline.append('\n');
                } else {
                    inline.append(element.text()).append(' ');
                }
            }
        }
    }

    private static boolean isSpecial(Element element) {
        return element.nameIs("table") || element.nameIs("ul") || element.nameIs("ol") || element.nameIs("pre");
    }

    private static void block(Element element, List<String> blocks) {
        String tag = element.normalName();
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                if (!element.text().isBlank()) {
                    blocks.add(Markdown.heading(tag.charAt(1) - '0', element.text()));
                }
            }
            case "ul", "ol" -> {
                StringBuilder list = new StringBuilder();
                list(element, 0, list);
                blocks.add(list.toString().stripTrailing());
            }
            case "pre" -> blocks.add("```\n" + element.wholeText().stripTrailing() + "\n```");
            case "table" -> blocks.add(table(element));
            case "hr" -> {}
            case "blockquote" -> blocks.add("> " + Markdown.oneLine(element.text()));
            default -> {
                StringBuilder inline = new StringBuilder();
                children(element, blocks, inline);
                flush(blocks, inline);
            }
        }
    }

    private static void list(Element list, int depth, StringBuilder out) {
        boolean ordered = list.nameIs("ol");
        int number = 1;
        for (Element item : list.children()) {
            if (!item.nameIs("li")) {
                continue;
            }
            Element copy = item.clone();
            copy.select("ul, ol").remove();
            String marker = ordered ? (number++) + ". " : "- ";
            String text = Markdown.oneLine(copy.text());
            if (!text.isEmpty()) {
                out.append("  ".repeat(depth)).append(marker).append(text).append('\n');
            }
            for (Element nested : item.children()) {
                if (nested.nameIs("ul") || nested.nameIs("ol")) {
                    list(nested, depth + 1, out);
                }
            }
        }
    }

    private static String table(Element table) {
        List<List<String>> rows = new ArrayList<>();
        for (Element row : table.select("tr")) {
            List<String> cells = new ArrayList<>();
            for (Element cell : row.select("> th, > td")) {
                cells.add(cell.text());
            }
            if (!cells.isEmpty()) {
                rows.add(cells);
            }
        }
        return Markdown.table(rows);
    }

    private static void flush(List<String> blocks, StringBuilder inline) {
        String text = inline.toString()
                .replaceAll("[ \\t\\x0B\\f]+", " ")
                .replaceAll(" ?\\n ?", "\n")
                .strip();
        if (!text.isEmpty()) {
            blocks.add(Markdown.escapeHeaders(text));
        }
        inline.setLength(0);
    }
}
