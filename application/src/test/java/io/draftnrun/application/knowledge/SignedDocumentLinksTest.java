package io.draftnrun.application.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedDocumentLinksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final SignedDocumentLinks links = new SignedDocumentLinks(
            signer("server-secret"), () -> "http://localhost:8000/", Duration.ofMinutes(10), clock);
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final DownloadDocument download = new DownloadDocument(links, blobs);
    private final BlobKey key = BlobKey.of("org-1/src-1/f-1/hand book.pdf");

    @Test
    void aMintedLinkOpensTheFileUntilItExpires() {
        blobs.put(key, "%PDF".getBytes(StandardCharsets.UTF_8), "application/pdf");
        Map<String, String> q = query(links.link(key, "hand book.pdf").orElseThrow());

        DownloadDocument.Download opened = download.handle(command(q));
        assertThat(opened.name()).isEqualTo("hand book.pdf");
        assertThat(opened.content().info().contentType()).isEqualTo("application/pdf");
        assertThat(opened.content().readAllBytes()).asString().isEqualTo("%PDF");

        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertRefused(q);
    }

    @Test
    void anAlteredLinkIsRefused() {
        blobs.put(key, new byte[] {1}, "application/pdf");
        Map<String, String> q = query(links.link(key, "hand book.pdf").orElseThrow());
        for (String part : q.keySet()) {
            Map<String, String> tampered = new LinkedHashMap<>(q);
            tampered.put(part, q.get(part) + "1");
            assertRefused(tampered);
        }
        Map<String, String> unsigned = new LinkedHashMap<>(q);
        unsigned.remove("signature");
        assertRefused(unsigned);
        SignedDocumentLinks otherServer =
                new SignedDocumentLinks(signer("another-secret"), () -> "http://x", Duration.ofMinutes(10), clock);
        assertThatThrownBy(() -> new DownloadDocument(otherServer, blobs).handle(command(q)))
                .isInstanceOf(DomainException.class);
    }

    /** A fake signer of the tests: HMAC-SHA256 under the secret (the real one lives in the security adapter). */
    static io.draftnrun.application.knowledge.port.MessageSigner signer(String secret) {
        return message -> {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private void assertRefused(Map<String, String> q) {
        assertThatThrownBy(() -> download.handle(command(q)))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo(ErrorCode.FORBIDDEN))
                .hasMessage("this link is invalid or has expired");
    }

    private static DownloadDocument.Command command(Map<String, String> q) {
        return new DownloadDocument.Command(q.get("key"), q.get("name"), q.get("expires"), q.get("signature"));
    }

    static Map<String, String> query(String link) {
        URI uri = URI.create(link);
        assertThat(uri.getPath()).isEqualTo("/files/download");
        assertThat(link).startsWith("http://localhost:8000/files/download?");
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
