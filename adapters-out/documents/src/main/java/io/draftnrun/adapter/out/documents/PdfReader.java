package io.draftnrun.adapter.out.documents;

import io.draftnrun.domain.knowledge.DocumentSection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** PDF text with PDFBox, one section per page carrying its 1-based page number; pages without text are skipped. */
final class PdfReader {
    private PdfReader() {}

    /** @throws org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException for a password-protected file */
    static List<DocumentSection> read(byte[] bytes) throws IOException {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n");
            List<DocumentSection> sections = new ArrayList<>();
            int pages = document.getNumberOfPages();
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = Markdown.tidy(Markdown.escapeHeaders(stripper.getText(document)));
                if (!text.isEmpty()) {
                    sections.add(DocumentSection.onPage(text, page));
                }
            }
            return sections;
        }
    }
}
