package io.draftnrun.adapter.out.s3;

import io.draftnrun.application.knowledge.BlobContent;
import io.draftnrun.application.knowledge.BlobInfo;
import io.draftnrun.application.knowledge.BlobKey;
import io.draftnrun.application.knowledge.BlobSummary;
import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlobStore} in a folder (default {@code ./data/files}) for single-machine installs. Layout: the file of key
 * {@code k} is {@code <base>/objects/k}, its content type is the text of {@code <base>/content-types/k}, and writes go
 * to {@code <base>/tmp} first and are then moved into place atomically, so a reader never sees half a file.
 *
 * <p>Unlike S3, a folder cannot hold both a file {@code a} and a file {@code a/b}: storing the second is a {@code
 * CONFLICT}.
 */
public final class LocalFileBlobStore implements BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFileBlobStore.class);
    public static final Path DEFAULT_BASE_DIR = Path.of("data", "files");

    private final Path objects;
    private final Path contentTypes;
    private final Path tmp;

    public LocalFileBlobStore(Path baseDir) {
        Path base = baseDir.toAbsolutePath().normalize();
        this.objects = base.resolve("objects");
        this.contentTypes = base.resolve("content-types");
        this.tmp = base.resolve("tmp");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(contentTypes);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new DomainException(
                    ErrorCode.UNAVAILABLE, "File storage folder " + base + " cannot be created: " + e.getMessage(), e);
        }
        LOG.info("File storage: local folder {}", base);
    }

    @Override
    public void put(BlobKey key, InputStream content, long length, String contentType) {
        String type = new BlobInfo(key, length, contentType).contentType();
        Path target = objectPath(key);
        Path typeTarget = typePath(key);
        Path part = null;
        Path typePart = null;
        try {
            part = Files.createTempFile(tmp, "put-", ".part");
            try (OutputStream out = Files.newOutputStream(part)) {
                long copied = copy(content, out, length);
                if (copied != length) {
                    throw DomainException.validation(
                            "file " + key + " is shorter (" + copied + " bytes) than announced (" + length + ")");
                }
            }
            typePart = Files.createTempFile(tmp, "type-", ".part");
            Files.writeString(typePart, type, StandardCharsets.UTF_8);
            // A concurrent delete may prune a folder between creating it and moving into it: try again once.
            for (int attempt = 1; ; attempt++) {
                try {
                    createParents(key, target);
                    createParents(key, typeTarget);
                    if (Files.exists(typePart)) {
                        move(typePart, typeTarget);
                    }
                    move(part, target);
                    break;
                } catch (NoSuchFileException e) {
                    if (attempt == 2) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw unavailable("storing file '" + key + "'", e);
        } finally {
            deleteQuietly(part);
            deleteQuietly(typePart);
        }
    }

    @Override
    public BlobContent open(BlobKey key) {
        Path path = objectPath(key);
        if (!Files.isRegularFile(path)) {
            throw DomainException.notFound("File '" + key + "'");
        }
        try {
            InputStream stream = Files.newInputStream(path);
            long size = Files.size(path);
            return new BlobContent(new BlobInfo(key, size, readType(key)), stream);
        } catch (NoSuchFileException e) {
            throw DomainException.notFound("File '" + key + "'");
        } catch (IOException e) {
            throw unavailable("reading file '" + key + "'", e);
        }
    }

    @Override
    public boolean exists(BlobKey key) {
        return Files.isRegularFile(objectPath(key));
    }

    @Override
    public void delete(BlobKey key) {
        try {
            Path path = objectPath(key);
            if (Files.isRegularFile(path)) {
                Files.deleteIfExists(path);
            }
            Files.deleteIfExists(typePath(key));
            pruneEmptyParents(path.getParent(), objects);
            pruneEmptyParents(typePath(key).getParent(), contentTypes);
        } catch (IOException e) {
            throw unavailable("deleting file '" + key + "'", e);
        }
    }

    @Override
    public int deletePrefix(String prefix) {
        List<BlobSummary> doomed = list(prefix);
        doomed.forEach(summary -> delete(summary.key()));
        return doomed.size();
    }

    @Override
    public List<BlobSummary> list(String prefix) {
        BlobKey.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? objects : objects.resolve(prefix.substring(0, slash));
        if (!start.normalize().startsWith(objects) || !Files.isDirectory(start)) {
            return List.of();
        }
        List<BlobSummary> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = keyOf(file);
                if (key.startsWith(prefix)) {
                    found.add(new BlobSummary(BlobKey.of(key), Files.size(file)));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw unavailable("listing files under '" + prefix + "'", e);
        }
        found.sort(Comparator.comparing(summary -> summary.key().value()));
        return List.copyOf(found);
    }

    private String keyOf(Path file) {
        StringBuilder key = new StringBuilder();
        for (Path segment : objects.relativize(file)) {
            if (!key.isEmpty()) {
                key.append('/');
            }
            key.append(segment);
        }
        return key.toString();
    }

    private Path objectPath(BlobKey key) {
        return inside(objects, key);
    }

    private Path typePath(BlobKey key) {
        return inside(contentTypes, key);
    }

    /** BlobKey already refuses '..' and absolute keys; this re-checks on the resolved path as defence in depth. */
    private static Path inside(Path root, BlobKey key) {
        Path path = root.resolve(key.value()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw DomainException.validation("Invalid file key '" + key + "'");
        }
        return path;
    }

    private String readType(BlobKey key) {
        try {
            return Files.readString(typePath(key), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return BlobInfo.DEFAULT_CONTENT_TYPE; // a file copied in by hand has no recorded type
        }
    }

    private static void createParents(BlobKey key, Path target) throws IOException {
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new DomainException(
                    ErrorCode.CONFLICT,
                    "Cannot store file '" + key + "': a file already exists where its folder would be");
        }
        if (Files.isDirectory(target)) {
            throw new DomainException(
                    ErrorCode.CONFLICT, "Cannot store file '" + key + "': files already exist under that name");
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        while (copied < length) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    private static void pruneEmptyParents(Path dir, Path root) {
        Path current = dir;
        while (current != null && current.startsWith(root) && !current.equals(root)) {
            try {
                Files.delete(current);
            } catch (IOException notEmptyOrGone) {
                return;
            }
            current = current.getParent();
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.debug("Could not delete temporary file {}", path, e);
            }
        }
    }

    private static DomainException unavailable(String what, Exception e) {
        LOG.warn("Local file storage: {} failed: {}", what, e.getMessage());
        return new DomainException(ErrorCode.UNAVAILABLE, "File storage is unavailable: " + what + " failed", e);
    }
}
