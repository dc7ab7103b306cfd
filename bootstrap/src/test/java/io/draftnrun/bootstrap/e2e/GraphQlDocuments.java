package io.draftnrun.bootstrap.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The GraphQL documents end-to-end tests send, as a frontend keeps them: one operation per file in
 * {@code src/test/resources/graphql-documents/}, the file named as its operation ({@code CreateProject.graphql}
 * holds {@code mutation CreateProject(...)}). Operations used by several tests live here rather than as strings.
 */
public final class GraphQlDocuments {
    private static final String FOLDER = "graphql-documents/";
    private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

    private GraphQlDocuments() {}

    /** The document of the operation {@code name}; fails when missing or when its operation has another name. */
    public static String named(String name) {
        return LOADED.computeIfAbsent(name, GraphQlDocuments::load);
    }

    private static String load(String name) {
        String resource = FOLDER + name + ".graphql";
        try (InputStream in = GraphQlDocuments.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no GraphQL document " + resource + " on the test classpath");
            }
            String document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Pattern operation = Pattern.compile("^(query|mutation|subscription)\\s+" + Pattern.quote(name) + "\\b");
            if (!operation.matcher(document.strip()).find()) {
                throw new IllegalArgumentException(resource + " must hold one operation named " + name);
            }
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
