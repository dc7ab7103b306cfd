package io.draftnrun.adapter.out.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.knowledge.ParseFailure;
import io.draftnrun.application.knowledge.ParseResult;
import io.draftnrun.application.knowledge.ParsedDocument;
import io.draftnrun.domain.knowledge.Chunk;
import io.draftnrun.domain.knowledge.ChunkingOptions;
import io.draftnrun.domain.knowledge.DocumentSection;
import io.draftnrun.domain.knowledge.MarkdownTreeChunker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;

class MultiFormatDocumentParserTest {
    private final MultiFormatDocumentParser parser = new MultiFormatDocumentParser();

    @Test
    void readsEachPdfPageWithItsPageNumber() throws IOException {
        byte[] pdf = pdf(List.of(
                List.of("Quarterly report", "Revenue grew by twelve percent."),
                List.of("Costs were stable across regions."),
                List.of("# Not a header in a PDF", "Outlook is positive.")));

        ParsedDocument document = parsed(parser.parse("report.pdf", "application/pdf", pdf));

        assertThat(document.sections())
                .extracting(DocumentSection::pageNumber)
                .containsExactly(Optional.of(1), Optional.of(2), Optional.of(3));
        assertThat(document.sections().get(0).markdown())
                .contains("Quarterly report")
                .contains("Revenue grew by twelve percent.");
        assertThat(document.sections().get(1).markdown()).isEqualTo("Costs were stable across regions.");
        assertThat(document.sections().get(2).markdown()).startsWith("\\# Not a header");
    }

    @Test
    void pdfPageNumbersReachTheChunks() throws IOException {
        byte[] pdf = pdf(List.of(List.of("Alpha page text."), List.of("Beta page text."), List.of("Gamma page text.")));
        ParsedDocument document = parsed(parser.parse("three.pdf", null, pdf));

        List<Chunk> chunks = new MarkdownTreeChunker(new JtokkitTokenCounter()::count, ChunkingOptions.DEFAULT)
                .chunk("file-7", document.fileName(), document.sections());

        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.id()).isEqualTo("file-7_0");
            assertThat(chunk.pageNumbers()).containsExactly(1, 2, 3);
            assertThat(chunk.text()).contains("Alpha page text.").contains("Gamma page text.");
        });
    }

    @Test
    void aStrayNulInATextFileIsRemovedAndTheTextKept() {
        byte[] bytes = "a\u0000b and then a readable sentence about glaciers.\n".getBytes(StandardCharsets.UTF_8);

        ParsedDocument document = parsed(parser.parse("nul.txt", "text/plain", bytes));

        assertThat(document.sections())
                .singleElement()
                .satisfies(section ->
                        assertThat(section.markdown()).isEqualTo("ab and then a readable sentence about glaciers.\n"));
    }

    @Test
    void randomBytesNamedTxtAreRefusedAsNotText() {
        byte[] noise = new byte[4000];
        new java.util.Random(17).nextBytes(noise);

        ParseResult result = parser.parse("noise.txt", "text/plain", noise);

        assertThat(result).isInstanceOfSatisfying(ParseResult.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(ParseFailure.CORRUPT_FILE);
            assertThat(failed.reason()).startsWith("'noise.txt' is not readable text");
        });
    }

    @Test
    void aUtf16FileWithoutBomIsNotTakenForText() {
        byte[] utf16 = "plain words in UTF-16".getBytes(StandardCharsets.UTF_16LE);

        assertThat(parser.parse("wide.md", "text/markdown", utf16)).isInstanceOf(ParseResult.Failed.class);
    }

    @Test
    void aCorruptPdfIsAFailureWithAClearReason() {
        byte[] garbage = "%PDF-1.7\nthis is not really a pdf\n%%EOF".getBytes(StandardCharsets.US_ASCII);

        ParseResult result = parser.parse("broken.pdf", "application/pdf", garbage);

        assertThat(result).isInstanceOfSatisfying(ParseResult.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(ParseFailure.CORRUPT_FILE);
            assertThat(failed.fileName()).isEqualTo("broken.pdf");
            assertThat(failed.reason()).startsWith("'broken.pdf' is not a readable PDF file");
        });
    }

    @Test
    void aPasswordProtectedPdfSaysSo() throws IOException {
        byte[] pdf;
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            document.protect(new StandardProtectionPolicy("owner", "user-secret", new AccessPermission()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            pdf = out.toByteArray();
        }

        ParseResult result = parser.parse("locked.pdf", "application/pdf", pdf);

        assertThat(result).isInstanceOfSatisfying(ParseResult.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(ParseFailure.PASSWORD_PROTECTED);
            assertThat(failed.reason()).contains("password-protected");
        });
    }

    @Test
    void aPdfWithoutTextSuggestsOcr() throws IOException {
        byte[] pdf = pdf(List.of(List.of()));

        ParseResult result = parser.parse("scan.pdf", "application/pdf", pdf);

        assertThat(result).isInstanceOfSatisfying(ParseResult.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(ParseFailure.NO_TEXT);
            assertThat(failed.reason()).contains("OCR");
        });
    }

    @Test
    void readsDocxHeadingsParagraphsAndTables() throws IOException {
        byte[] docx;
        try (XWPFDocument document = new XWPFDocument()) {
            paragraph(document, "Title", "Employee handbook");
            paragraph(document, "Heading1", "Introduction");
            paragraph(document, null, "Welcome to the company.");
            paragraph(document, "Heading2", "Working hours");
            paragraph(document, null, "We work from nine to five.");
            XWPFTable table = document.createTable(2, 2);
            table.getRow(0).getCell(0).setText("Day");
            table.getRow(0).getCell(1).setText("Hours");
            table.getRow(1).getCell(0).setText("Friday");
            table.getRow(1).getCell(1).setText("9 | 3");
            paragraph(document, "Heading3", "Remote work");
            paragraph(document, null, "Allowed twice a week.");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            docx = out.toByteArray();
        }

        ParsedDocument document = parsed(parser.parse("handbook.docx", null, docx));

        assertThat(document.sections()).singleElement().satisfies(section -> {
            assertThat(section.pageNumber()).isEmpty();
            assertThat(section.markdown())
                    .isEqualTo(String.join(
                            "\n\n",
                            "# Employee handbook",
                            "# Introduction",
                            "Welcome to the company.",
                            "## Working hours",
                            "We work from nine to five.",
                            "| Day | Hours |\n| --- | --- |\n| Friday | 9 \\| 3 |",
                            "### Remote work",
                            "Allowed twice a week."));
        });
    }

    @Test
    void aFileThatIsNotADocxIsCorrupt() {
        ParseResult result = parser.parse("memo.docx", null, "plain text pretending".getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOfSatisfying(ParseResult.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(ParseFailure.CORRUPT_FILE);
            assertThat(failed.reason()).startsWith("'memo.docx' is not");
        });
    }

    @Test
    void keepsMarkdownAsIsWithoutItsByteOrderMark() {
        byte[] bytes = ("\uFEFF# Notes\r\n\r\nCafé crème – ok\r\n").getBytes(StandardCharsets.UTF_8);

        ParsedDocument document = parsed(parser.parse("notes.md", "text/markdown", bytes));

        assertThat(document.markdown()).isEqualTo("# Notes\n\nCafé crème – ok\n");
    }

    @Test
    void readsLegacyEncodedPlainText() {
        byte[] latin1 = "Déjà vu".getBytes(java.nio.charset.Charset.forName("windows-1252"));

        assertThat(parsed(parser.parse("old.txt", null, latin1)).markdown()).isEqualTo("Déjà vu");
    }

    @Test
    void readsHtmlStructureAndDropsScriptsAndStyles() {
        String html = """
                <html><head><title>T</title><style>body{color:red}</style></head>
                <body>
                  <script>alert('x')</script>
                  <h1>Product</h1>
                  <p>The <b>best</b> product.</p>
                  <h2>Features</h2>
                  <ul><li>Fast</li><li>Small<ul><li>really small</li></ul></li></ul>
                  <ol><li>Install</li><li>Run</li></ol>
                  <div>Loose text in a div</div>
                </body></html>
                """;

        ParsedDocument document = parsed(parser.parse("page.html", "text/html", html.getBytes(StandardCharsets.UTF_8)));

        assertThat(document.markdown())
                .isEqualTo(String.join(
                        "\n\n",
                        "# Product",
                        "The best product.",
                        "## Features",
                        "- Fast\n- Small\n  - really small",
                        "1. Install\n2. Run",
                        "Loose text in a div"));
    }

    @Test
    void rendersEachCsvRowAsColumnValueLines() {
        String csv = "name;city;note\nAda;Paris;\n\"Lovelace, A.\";London;\"first \"\"programmer\"\"\"\n";

        ParsedDocument document = parsed(parser.parse("people.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));

        assertThat(document.markdown())
                .isEqualTo("name: Ada\ncity: Paris\n\nname: Lovelace, A.\ncity: London\nnote: first \"programmer\"");
    }

    @Test
    void anUnknownExtensionIsUnsupportedAndSaysWhatIs() {
        ParseResult result = parser.parse("holiday.xyz", "application/octet-stream", new byte[] {1, 2, 3});

        assertThat(result).isInstanceOfSatisfying(ParseResult.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(ParseFailure.UNSUPPORTED_TYPE);
            assertThat(failed.reason())
                    .isEqualTo("'holiday.xyz' has the unsupported type '.xyz'; supported: "
                            + ".pdf, .docx, .md, .txt, .html, .csv");
        });
    }

    @Test
    void usesTheContentTypeWhenTheNameHasNoExtension() {
        ParseResult result =
                parser.parse("README", "text/markdown; charset=utf-8", "# Hi".getBytes(StandardCharsets.UTF_8));

        assertThat(parsed(result).markdown()).isEqualTo("# Hi");
    }

    @Test
    void anEmptyFileHasNoText() {
        assertThat(parser.parse("empty.md", null, new byte[0]))
                .isInstanceOfSatisfying(
                        ParseResult.Failed.class,
                        failed -> assertThat(failed.failure()).isEqualTo(ParseFailure.NO_TEXT));
    }

    private static ParsedDocument parsed(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).document();
    }

    private static void paragraph(XWPFDocument document, String style, String text) {
        XWPFParagraph paragraph = document.createParagraph();
        if (style != null) {
            paragraph.setStyle(style);
        }
        paragraph.createRun().setText(text);
    }

    /** A PDF with one page per entry, each line of the entry written on its own line. */
    static byte[] pdf(List<List<String>> pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    float y = 700;
                    for (String line : lines) {
                        content.beginText();
                        content.setFont(font, 12);
                        content.newLineAtOffset(72, y);
                        content.showText(line);
                        content.endText();
                        y -= 20;
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
