package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Benchmarks are test sources ({@code make bench} compiles and runs them next to the jar): none of our classes whose
 * name ends in {@code Benchmark} or {@code Bench}, and no {@code bench/} resources, may be on the production classpath,
 * that is bootstrap's main classes and every module the jar ships ({@code target/runtime-classpath.txt}).
 */
class NoBenchmarkInProductionTest {

    @Test
    void noBenchmarkIsOnTheProductionClasspath() throws Exception {
        List<Path> locations = new ArrayList<>();
        locations.add(Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        String runtime = Files.readString(Path.of("target", "runtime-classpath.txt"), StandardCharsets.UTF_8)
                .trim();
        for (String entry : runtime.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                locations.add(Path.of(entry));
            }
        }
        assertThat(entries(locations.getFirst()))
                .as("bootstrap's main classes are scanned")
                .contains("io/draftnrun/bootstrap/Main.class");

        List<String> benchmarks = new ArrayList<>();
        for (Path location : locations) {
            List<String> names = entries(location);
            boolean ours = names.stream().anyMatch(name -> name.startsWith("io/draftnrun/"));
            for (String name : names) {
                if (ours && isBenchmark(name)) {
                    benchmarks.add(location.getFileName() + ": " + name);
                }
            }
        }
        assertThat(benchmarks).as("benchmarks belong in src/test").isEmpty();
    }

    @Test
    void theCheckRecognisesBenchmarksAndTheirResources() {
        assertThat(isBenchmark("io/draftnrun/bootstrap/IngestionBenchmark.class"))
                .isTrue();
        assertThat(isBenchmark("io/draftnrun/bootstrap/IngestionBenchmark$Result.class"))
                .isTrue();
        assertThat(isBenchmark("io/draftnrun/adapter/out/lucene/LuceneRetrievalBench.class"))
                .isTrue();
        assertThat(isBenchmark("bench/retrieval/questions.tsv")).isTrue();
        assertThat(isBenchmark("io/draftnrun/bootstrap/Main.class")).isFalse();
        assertThat(isBenchmark("io/draftnrun/application/run/Benchmarks.class")).isFalse();
        assertThat(isBenchmark("org/example/SomeBenchmark.class")).isFalse();
    }

    /**
     * One of our classes (or a nested class of one) named {@code *Benchmark}/{@code *Bench}, or a bench resource (only
     * asked of locations holding our classes).
     */
    static boolean isBenchmark(String entry) {
        if (entry.startsWith("bench/")) {
            return true;
        }
        if (!entry.startsWith("io/draftnrun/") || !entry.endsWith(".class")) {
            return false;
        }
        String simple = entry.substring(entry.lastIndexOf('/') + 1, entry.length() - ".class".length());
        String topLevel = simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple;
        return topLevel.endsWith("Benchmark") || topLevel.endsWith("Bench");
    }

    private static List<String> entries(Path location) throws IOException {
        Path module = location.getParent() == null ? null : location.getParent().getParent();
        if (Files.isDirectory(location)
                && location.getFileName().toString().equals("classes")
                && location.getParent().getFileName().toString().equals("target")
                && Files.isDirectory(module.resolve("src/main"))) {
            // a module of this build: what its sources make, so output left by an earlier build (a class or resource
            // since moved to src/test) does not count; Maven does not remove it without a clean
            List<String> names = new ArrayList<>(sources(module.resolve("src/main/resources"), ""));
            names.addAll(sources(module.resolve("src/main/java"), ".class"));
            return names;
        }
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                return files.filter(Files::isRegularFile)
                        .map(file -> location.relativize(file).toString().replace(File.separatorChar, '/'))
                        .toList();
            }
        }
        if (!Files.isRegularFile(location) || !location.toString().endsWith(".jar")) {
            return List.of();
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.stream().map(e -> e.getName()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    /** The files under {@code root} relative to it; {@code .java} files named as the class they compile to. */
    private static List<String> sources(Path root, String javaBecomes) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace(File.separatorChar, '/'))
                    .map(name -> !javaBecomes.isEmpty() && name.endsWith(".java")
                            ? name.substring(0, name.length() - ".java".length()) + javaBecomes
                            : name)
                    .toList();
        }
    }
}
