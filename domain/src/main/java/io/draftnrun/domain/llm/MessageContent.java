package io.draftnrun.domain.llm;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The content of a chat message: a plain string, or a list of parts (text, files, images). */
public sealed interface MessageContent {

    /** Text of the content: the string itself, or the text parts concatenated (no separator). */
    String text();

    /** A plain string content. */
    record Text(String value) implements MessageContent {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String text() {
            return value;
        }
    }

    /** A multi-part content. */
    record Parts(List<ContentPart> parts) implements MessageContent {
        public Parts {
            parts = List.copyOf(parts);
        }

        @Override
        public String text() {
            return parts.stream()
                    .filter(ContentPart.TextPart.class::isInstance)
                    .map(p -> ((ContentPart.TextPart) p).text())
                    .collect(Collectors.joining());
        }
    }
}
