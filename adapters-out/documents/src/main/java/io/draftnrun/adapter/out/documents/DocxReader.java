package io.draftnrun.adapter.out.documents;

import io.draftnrun.domain.knowledge.DocumentSection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * DOCX to markdown with Apache POI: paragraphs styled "Heading N" (by style id or name, any language that keeps the
 * digit) become {@code #}×N headers and "Title" a level-1 header; numbered or bulleted paragraphs become list items;
 * tables become markdown tables (first row as header); other paragraphs are kept as paragraphs.
 */
final class DocxReader {
    private static final Pattern HEADING = Pattern.compile("(?i)^(?:heading|titre|berschrift|ttulo)\\s*(\\d)$");

    private DocxReader() {}

    static List<DocumentSection> read(byte[] bytes) throws IOException {
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            List<String> blocks = new ArrayList<>();
            for (IBodyElement element : document.getBodyElements()) {
                switch (element) {
                    case XWPFParagraph paragraph -> paragraph(document, paragraph, blocks);
                    case XWPFTable table -> blocks.add(table(table));
                    default -> {
                        // content controls and the like: their text is rarely body text
                    }
                }
            }
            String markdown = Markdown.tidy(String.join(
                    "\n\n", blocks.stream().filter(b -> !b.isBlank()).toList()));
            return markdown.isEmpty() ? List.of() : List.of(DocumentSection.of(markdown));
        }
    }

    private static void paragraph(XWPFDocument document, XWPFParagraph paragraph, List<String> blocks) {
        String text = paragraph.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        int level = headingLevel(document, paragraph);
        if (level > 0) {
            blocks.add(Markdown.heading(level, text));
        } else if (paragraph.getNumID() != null) {
            int depth =
                    paragraph.getNumIlvl() == null ? 0 : paragraph.getNumIlvl().intValue();
            String item = "  ".repeat(depth) + "- " + Markdown.oneLine(text);
            int last = blocks.size() - 1;
            if (last >= 0 && blocks.get(last).stripLeading().startsWith("- ")) {
                blocks.set(last, blocks.get(last) + "\n" + item); // keep a list together
            } else {
                blocks.add(item);
            }
        } else {
            blocks.add(Markdown.escapeHeaders(text));
        }
    }

    private static int headingLevel(XWPFDocument document, XWPFParagraph paragraph) {
        String id = paragraph.getStyleID();
        if (id == null) {
            return 0;
        }
        String name = id;
        XWPFStyle style =
                document.getStyles() == null ? null : document.getStyles().getStyle(id);
        if (style != null && style.getName() != null) {
            name = style.getName();
        }
        for (String candidate : List.of(name, id)) {
            String compact = candidate.replace(" ", "").toLowerCase(Locale.ROOT);
            if (compact.equals("title")) {
                return 1;
            }
            Matcher matcher = HEADING.matcher(compact);
            if (matcher.matches()) {
                return Math.max(1, Math.min(6, Integer.parseInt(matcher.group(1))));
            }
        }
        return 0;
    }

    private static String table(XWPFTable table) {
        List<List<String>> rows = new ArrayList<>();
        for (XWPFTableRow row : table.getRows()) {
            List<String> cells = new ArrayList<>();
            for (XWPFTableCell cell : row.getTableCells()) {
                cells.add(cell.getText());
            }
            rows.add(cells);
        }
        return Markdown.table(rows);
    }
}
