package io.draftnrun.adapter.out.documents;

import io.draftnrun.application.knowledge.ParseFailure;
import io.draftnrun.application.knowledge.ParseResult;
import io.draftnrun.application.knowledge.ParsedDocument;
import io.draftnrun.application.knowledge.port.DocumentParser;
import io.draftnrun.domain.knowledge.DocumentSection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DocumentParser} for PDF, DOCX, Markdown, plain text, HTML and CSV, chosen by file extension, then by content
 * type. Markdown and text are kept as they are (UTF-8, BOM stripped). Every problem with a file (unknown type,
 * corrupt or encrypted file, no text) is returned as a {@link ParseResult.Failed} with a reason for the user; nothing
 * a file contains makes it throw.
 */
public final class MultiFormatDocumentParser implements DocumentParser {
    private static final Logger LOG = LoggerFactory.getLogger(MultiFormatDocumentParser.class);

    @Override
    public ParseResult parse(String fileName, String contentType, byte[] bytes) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(bytes, "bytes");
        Optional<DocumentFormat> detected = DocumentFormat.detect(fileName, contentType);
        if (detected.isEmpty()) {
            String extension = DocumentFormat.extension(fileName);
            String what = extension.isEmpty()
                    ? "has no extension"
                            + (contentType == null || contentType.isBlank() ? "" : " and type " + contentType)
                    : "has the unsupported type '." + extension + "'";
            return ParseResult.failed(
                    fileName,
                    ParseFailure.UNSUPPORTED_TYPE,
                    "'" + fileName + "' " + what + "; supported: "
                            + String.join(", ", DocumentFormat.supportedExtensions()));
        }
        DocumentFormat format = detected.get();
        try {
            List<DocumentSection> sections = read(format, bytes);
            if (sections.stream().allMatch(section -> section.markdown().isBlank())) {
                String hint = format == DocumentFormat.PDF ? " (a scanned PDF needs OCR, which is not supported)" : "";
                return ParseResult.failed(
                        fileName, ParseFailure.NO_TEXT, "'" + fileName + "' contains no text to ingest" + hint);
            }
            return ParseResult.parsed(new ParsedDocument(fileName, sections));
        } catch (InvalidPasswordException | EncryptedDocumentException e) {
            return ParseResult.failed(
                    fileName,
                    ParseFailure.PASSWORD_PROTECTED,
                    "'" + fileName + "' is password-protected; remove the password and upload it again");
        } catch (TextDecoding.NotText e) {
            return ParseResult.failed(
                    fileName,
                    ParseFailure.CORRUPT_FILE,
                    "'" + fileName + "' is not readable text (" + e.getMessage() + "); is it a binary file?");
        } catch (OLE2NotOfficeXmlFileException e) {
            return ParseResult.failed(
                    fileName,
                    ParseFailure.CORRUPT_FILE,
                    "'" + fileName + "' is not a DOCX file (an old .doc or an encrypted document?)");
        } catch (Exception | StackOverflowError e) {
            LOG.debug("Parsing {} as {} failed", fileName, format, e);
            return ParseResult.failed(
                    fileName,
                    ParseFailure.CORRUPT_FILE,
                    "'" + fileName + "' is not a readable " + format.name() + " file: " + brief(e));
        }
    }

    private static List<DocumentSection> read(DocumentFormat format, byte[] bytes) throws Exception {
        return switch (format) {
            case PDF -> PdfReader.read(bytes);
            case DOCX -> DocxReader.read(bytes);
            case HTML -> HtmlReader.read(bytes);
            case CSV -> CsvReader.read(bytes);
            case MARKDOWN, TEXT -> {
                String text = TextDecoding.decode(bytes);
                yield text.isBlank() ? List.of() : List.of(DocumentSection.of(text));
            }
        };
    }

    private static String brief(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
