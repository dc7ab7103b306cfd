package io.draftnrun.domain.llm;

import io.draftnrun.domain.shared.DomainException;
import java.util.Objects;

/** One part of a multi-part message content: text, an attached file, or an image. */
public sealed interface ContentPart {

    /** Plain text. */
    record TextPart(String text) implements ContentPart {
        public TextPart {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An attached file; {@code fileData} is a data URL ({@code data:application/pdf;base64,...}). */
    record FilePart(String filename, String fileData) implements ContentPart {
        public FilePart {
            Objects.requireNonNull(filename, "filename");
            if (fileData == null || !fileData.startsWith("data:")) {
                throw DomainException.validation("file part '" + filename + "' must carry a data URL (data:...)");
            }
        }

        /** The MIME type declared by the data URL, e.g. {@code application/pdf}. */
        public String mimeType() {
            int end = fileData.indexOf(';');
            int comma = fileData.indexOf(',');
            int stop = end < 0 ? comma : (comma < 0 ? end : Math.min(end, comma));
            return stop <= 5 ? "application/octet-stream" : fileData.substring(5, stop);
        }

        /** The base64 payload after the comma of the data URL. */
        public String base64Data() {
            int comma = fileData.indexOf(',');
            return comma < 0 ? "" : fileData.substring(comma + 1);
        }
    }

    /** An image given by an http(s) URL or a data URL. */
    record ImagePart(String url) implements ContentPart {
        public ImagePart {
            if (url == null || url.isBlank()) {
                throw DomainException.validation("image part needs a URL");
            }
        }
    }
}
