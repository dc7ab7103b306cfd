package io.draftnrun.application.components.tools;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Replaces the secrets a tool sends (resolved {@code {{secret:name}}} placeholders) in what it hands back to the model,
 * the trace and the caller, so a server echoing a header does not leak it. Secrets shorter than {@value #MIN_LENGTH}
 * characters are not looked for (replacing them would garble ordinary text); longer ones are replaced first, since a
 * secret may contain another.
 */
record SecretRedactor(List<String> secrets) {
    static final String REDACTED = "[secret]";
    static final int MIN_LENGTH = 4;

    SecretRedactor {
        secrets = List.copyOf(secrets);
    }

    static SecretRedactor of(Set<String> secrets) {
        return new SecretRedactor(secrets.stream()
                .filter(s -> s.length() >= MIN_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList());
    }

    /** The text with every secret replaced; {@code null} is the empty text. */
    String redact(String text) {
        String out = text == null ? "" : text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, REDACTED);
            }
        }
        return out;
    }
}
