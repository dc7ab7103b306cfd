package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The image tarball of {@code make image} ({@code target/draftnrun-image.tar}, an OCI layout written by Jib): its
 * configuration starts our Main with the image's Java, {@code serve} by default, as a non-root user, exposes 8000,
 * carries the production JVM flags ({@code scripts/jvm.flags}) and its labels; its layers hold the classpath file, our
 * classes and, on the default {@code scratch} base, the Java runtime and the non-root user of scripts/image-base.sh.
 * Tagged {@code image}: run by {@code make image} right after the build, never by {@code make test} (no tarball
 * there), and it fails when the tarball is missing.
 */
@Tag("image")
class ImageTarballIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TARBALL = Path.of("target", "draftnrun-image.tar");

    @Test
    void theImageRunsOurCommandsAsANonRootUserWithTheProductionFlags() throws IOException {
        assertThat(TARBALL).as("make image builds it").isRegularFile();
        Map<String, byte[]> blobs;
        try (InputStream in = Files.newInputStream(TARBALL)) {
            blobs = entries(in, name -> true); // the small ones: index, manifest, config
        }
        JsonNode index = JSON.readTree(blobs.get("index.json"));
        JsonNode manifest =
                JSON.readTree(blob(blobs, index.at("/manifests/0/digest").asText()));
        JsonNode config = JSON.readTree(
                        blob(blobs, manifest.at("/config/digest").asText()))
                .get("config");

        String java = System.getProperty("image.java", "/opt/java/bin/java");
        assertThat(strings(config.get("Entrypoint")))
                .containsExactly(java, "-cp", "@/app/jib-classpath-file", "io.draftnrun.bootstrap.Main");
        assertThat(strings(config.get("Cmd"))).containsExactly("serve");
        String user = config.path("User").asText();
        assertThat(user).as("the user").isNotBlank().doesNotStartWith("0").doesNotStartWith("root");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
        assertThat(config.at("/ExposedPorts").has("8000/tcp"))
                .as(config.toString())
                .isTrue();
        JsonNode labels = config.get("Labels");
        assertThat(labels.path("io.draftnrun.health").asText()).isEqualTo("/health");
        assertThat(labels.path("io.draftnrun.commands").asText()).isEqualTo("serve worker migrate");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("draftnrun");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isNotBlank();
        Map<String, String> env = new HashMap<>();
        for (String e : strings(config.get("Env"))) {
            String[] kv = e.split("=", 2);
            env.put(kv[0], kv[1]);
        }
        assertThat(env.get("JDK_JAVA_OPTIONS"))
                .as("scripts/jvm.flags")
                .isEqualTo(
                        Files.readString(Path.of("..", "scripts", "jvm.flags")).strip());
        assertThat(env).containsEntry("MALLOC_ARENA_MAX", "2");

        Map<String, Integer> modes = new HashMap<>();
        Map<String, byte[]> wanted = new HashMap<>();
        List<String> layers = new ArrayList<>();
        manifest.get("layers")
                .forEach(l ->
                        layers.add("blobs/sha256/" + l.get("digest").asText().substring("sha256:".length())));
        try (InputStream in = Files.newInputStream(TARBALL)) {
            walk(in, (name, mode, content) -> {
                if (layers.contains(name)) {
                    walk(new GZIPInputStream(content), (file, fileMode, fileContent) -> {
                        modes.put(file, fileMode);
                        if (file.equals("etc/passwd") || file.startsWith("app/jib-")) {
                            wanted.put(file, fileContent.readAllBytes());
                        }
                    });
                }
            });
        }
        assertThat(wanted).containsKey("app/jib-classpath-file");
        assertThat(modes).containsKey("app/classes/io/draftnrun/bootstrap/Main.class");
        if (java.equals("/opt/java/bin/java")) { // the default base: scratch + scripts/image-base.sh
            assertThat(modes.get("opt/java/bin/java")).as("java is executable").isEqualTo(0755);
            assertThat(modes).containsKeys("lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6");
            assertThat(new String(wanted.get("etc/passwd"), StandardCharsets.UTF_8))
                    .contains("draftnrun:x:" + user.split(":")[0] + ":");
            assertThat(modes.get("tmp")).as("/tmp is writable by the user").isEqualTo(0777);
        }
    }

    private static byte[] blob(Map<String, byte[]> blobs, String digest) {
        byte[] blob = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(blob).as(digest).isNotNull();
        return blob;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** What is done with one entry of a tar stream: its name, mode and content (read it or not). */
    interface Visitor {
        void entry(String name, int mode, InputStream content) throws IOException;
    }

    /** The small entries of a tar stream (up to 1 MB each), by name. */
    private static Map<String, byte[]> entries(InputStream in, java.util.function.Predicate<String> keep)
            throws IOException {
        Map<String, byte[]> kept = new HashMap<>();
        walk(in, (name, mode, content) -> {
            if (keep.test(name)) {
                byte[] bytes = content.readNBytes(1 << 20);
                if (content.read() < 0) {
                    kept.put(name, bytes);
                }
            }
        });
        return kept;
    }

    /** Walks a tar stream (ustar, PAX and GNU long names), handing each entry to {@code visitor}. */
    private static void walk(InputStream in, Visitor visitor) throws IOException {
        String longName = null;
        while (true) {
            byte[] header = in.readNBytes(512);
            if (header.length < 512 || header[0] == 0) {
                return;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            String sizeField = field(header, 124, 12);
            long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
            String modeField = field(header, 100, 8);
            int mode = modeField.isEmpty() ? 0 : Integer.parseInt(modeField, 8);
            char type = (char) header[156];
            BoundedStream content = new BoundedStream(in, size);
            if (type == 'x' || type == 'L') {
                String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                if (type == 'L') {
                    longName = text.replace("\0", "").strip();
                } else {
                    for (String record : text.split("\n")) {
                        int space = record.indexOf(' ');
                        if (space > 0 && record.startsWith("path=", space + 1)) {
                            longName = record.substring(space + 1 + "path=".length());
                        }
                    }
                }
            } else {
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                name = name.replaceFirst("^\\./", "").replaceFirst("^/", "").replaceFirst("/$", "");
                visitor.entry(name, mode & 07777, content);
            }
            content.skipRest();
            in.skipNBytes((512 - size % 512) % 512);
        }
    }

    /** The content of one tar entry: at most its size, the rest skipped before the next header. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the outer stream goes on
        }

        void skipRest() throws IOException {
            in.skipNBytes(left);
            left = 0;
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII).strip();
    }
}
