package io.draftnrun.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.draftnrun.application.knowledge.BlobKey;
import io.draftnrun.application.knowledge.BlobStoreContract;
import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore store() {
        return new LocalFileBlobStore(dir);
    }

    @Test
    void keepsFilesAsPlainFilesUnderTheBaseFolderAndSurvivesARestart() throws IOException {
        store.put(key("org/report.md"), bytes("# Report"), "text/markdown");

        assertThat(dir.resolve("objects").resolve(root).resolve("org/report.md"))
                .hasContent("# Report");
        BlobStore reopened = new LocalFileBlobStore(dir);
        assertThat(reopened.getBytes(key("org/report.md"))).isEqualTo(bytes("# Report"));
        assertThat(contentTypeOf(key("org/report.md"))).isEqualTo("text/markdown");
        try (Stream<Path> leftovers = Files.list(dir.resolve("tmp"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void aShortStreamLeavesTheOldFileUntouched() {
        store.put(key("doc.txt"), bytes("old"), "text/plain");

        assertThatThrownBy(() -> store.put(key("doc.txt"), new ByteArrayInputStream(bytes("new")), 10, "text/plain"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
        assertThat(store.getBytes(key("doc.txt"))).isEqualTo(bytes("old"));
    }

    @Test
    void aFileCannotAlsoBeAFolder() {
        store.put(key("a"), bytes("file"), "text/plain");

        assertThatThrownBy(() -> store.put(key("a/b"), bytes("child"), "text/plain"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void deletingTheLastFileOfAFolderRemovesTheEmptyFolders() {
        store.put(key("x/y/z.txt"), bytes("z"), "text/plain");

        store.delete(key("x/y/z.txt"));

        assertThat(dir.resolve("objects").resolve(root).resolve("x")).doesNotExist();
        assertThat(store.exists(BlobKey.of(root + "x/y/z.txt"))).isFalse();
    }
}
