package io.draftnrun.application.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do. A subclass provides the store; each test works under its own random prefix,
 * so a store shared between tests (one bucket) is fine.
 */
public abstract class BlobStoreContract {
    protected BlobStore store;
    protected String root;

    /** The store under test; may be the same instance for every test. */
    protected abstract BlobStore store();

    @BeforeEach
    void prepare() {
        store = store();
        root = "contract-" + UUID.randomUUID() + "/";
    }

    protected BlobKey key(String name) {
        return BlobKey.of(root + name);
    }

    @Test
    void returnsASmallFileByteForByteWithItsContentType() {
        byte[] bytes = "Bonjour, ça va ? \u2603\n".getBytes(StandardCharsets.UTF_8);

        store.put(key("greeting.txt"), bytes, "text/plain; charset=utf-8");

        assertThat(store.getBytes(key("greeting.txt"))).isEqualTo(bytes);
        try (BlobContent content = store.open(key("greeting.txt"))) {
            assertThat(content.info().key()).isEqualTo(key("greeting.txt"));
            assertThat(content.info().size()).isEqualTo(bytes.length);
            // servers may normalise the spaces between media type parameters (S3Proxy does)
            assertThat(content.info().contentType().replace(" ", "")).isEqualTo("text/plain;charset=utf-8");
        }
        assertThat(store.exists(key("greeting.txt"))).isTrue();
    }

    @Test
    void returnsASixMebibyteFileByteForByteFromAStream() {
        byte[] bytes = new byte[6 * 1024 * 1024 + 17];
        new Random(42).nextBytes(bytes);

        store.put(key("big/report.pdf"), new ByteArrayInputStream(bytes), bytes.length, "application/pdf");

        try (BlobContent content = store.open(key("big/report.pdf"))) {
            assertThat(content.info().size()).isEqualTo(bytes.length);
            assertThat(content.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void storesAnEmptyFile() {
        store.put(key("empty.bin"), new byte[0], null);

        assertThat(store.getBytes(key("empty.bin"))).isEmpty();
        assertThat(contentTypeOf(key("empty.bin"))).isEqualTo(BlobInfo.DEFAULT_CONTENT_TYPE);
        assertThat(store.list(root))
                .singleElement()
                .satisfies(info -> assertThat(info.size()).isZero());
    }

    @Test
    void overwritingReplacesContentAndContentType() {
        store.put(key("doc"), "first version, longer".getBytes(StandardCharsets.UTF_8), "text/plain");
        store.put(key("doc"), "<p>second</p>".getBytes(StandardCharsets.UTF_8), "text/html");

        assertThat(new String(store.getBytes(key("doc")), StandardCharsets.UTF_8))
                .isEqualTo("<p>second</p>");
        assertThat(contentTypeOf(key("doc"))).isEqualTo("text/html");
        assertThat(store.list(root)).hasSize(1);
    }

    @Test
    void listsFilesUnderAPrefixSortedByKey() {
        store.put(key("a/2.txt"), bytes("two"), "text/plain");
        store.put(key("a/1.txt"), bytes("one"), "text/plain");
        store.put(key("a/sub/3.txt"), bytes("three"), "text/plain");
        store.put(key("ab.txt"), bytes("other"), "text/plain");

        assertThat(store.list(root + "a/"))
                .extracting(info -> info.key().value())
                .containsExactly(root + "a/1.txt", root + "a/2.txt", root + "a/sub/3.txt");
        assertThat(store.list(root + "a/")).extracting(BlobSummary::size).containsExactly(3L, 3L, 5L);
        assertThat(store.list(root + "a")).hasSize(4);
        assertThat(store.list(root + "nothing-here/")).isEmpty();
    }

    @Test
    void deletesOneFileAndDeletingAMissingFileIsHarmless() {
        store.put(key("x"), bytes("x"), "text/plain");
        store.put(key("y"), bytes("y"), "text/plain");

        store.delete(key("x"));
        store.delete(key("never-there"));

        assertThat(store.exists(key("x"))).isFalse();
        assertThat(store.exists(key("y"))).isTrue();
        assertThat(store.list(root)).extracting(info -> info.key().value()).containsExactly(root + "y");
    }

    @Test
    void deletesEverythingUnderAPrefixAndNothingElse() {
        store.put(key("source-1/a.md"), bytes("a"), "text/markdown");
        store.put(key("source-1/deep/b.md"), bytes("b"), "text/markdown");
        store.put(key("source-10/c.md"), bytes("c"), "text/markdown");

        int deleted = store.deletePrefix(root + "source-1/");

        assertThat(deleted).isEqualTo(2);
        assertThat(store.list(root)).extracting(info -> info.key().value()).containsExactly(root + "source-10/c.md");
        assertThat(store.deletePrefix(root + "source-1/")).isZero();
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThat(store.exists(key("missing.pdf"))).isFalse();
        assertThatThrownBy(() -> store.open(key("missing.pdf")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> store.getBytes(key("missing.pdf")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void refusesKeysThatCouldEscapeOrAreMalformed() {
        for (String bad : new String[] {
            "",
            "/etc/passwd",
            "a/../../etc/passwd",
            "..",
            "a/./b",
            "a//b",
            "a/",
            "a\\b",
            "a\u0000b",
            "x".repeat(600),
            "a/" + "y".repeat(300)
        }) {
            assertThatThrownBy(() -> store.put(BlobKey.of(bad), bytes("no"), "text/plain"))
                    .as("key %s", bad)
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
        }
        for (String badPrefix : new String[] {"/", "/abs", "../", "a/../"}) {
            assertThatThrownBy(() -> store.list(badPrefix))
                    .as("prefix %s", badPrefix)
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
            assertThatThrownBy(() -> store.deletePrefix(badPrefix)).isInstanceOf(DomainException.class);
        }
    }

    @Test
    void acceptsUnicodeAndSpacesInKeys() {
        BlobKey key = key("dossier client/Présentation été 2025 (v2).docx");

        store.put(key, bytes("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        assertThat(store.getBytes(key)).isEqualTo(bytes("docx"));
        assertThat(store.list(root)).extracting(BlobSummary::key).containsExactly(key);
    }

    protected String contentTypeOf(BlobKey key) {
        try (BlobContent content = store.open(key)) {
            return content.info().contentType();
        }
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
