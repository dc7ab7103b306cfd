package io.draftnrun.application.run;

import io.draftnrun.domain.run.RunId;
import io.draftnrun.domain.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** The opaque cursor of a run in a project's list: its creation time and id, in URL-safe base64. */
public record RunCursor(Instant createdAt, RunId runId) {
    public String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + runId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static RunCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            return new RunCursor(
                    Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    new RunId(UUID.fromString(parts[2])));
        } catch (RuntimeException e) {
            throw DomainException.validation("invalid cursor 'after'");
        }
    }
}
