package io.draftnrun.adapter.in.graphql;

import io.draftnrun.adapter.in.http.Json;
import io.draftnrun.application.knowledge.UploadFiles;
import io.draftnrun.domain.shared.DomainException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * The GraphQL multipart request specification (jaydenseric's, implemented by Apollo, urql, graphql-request...): a
 * {@code multipart/form-data} body whose {@code operations} part is the usual JSON request (or batch) with
 * {@code null} where files go, whose {@code map} part says which file part goes to which variable path
 * ({@code {"0": ["variables.files.0"]}}), followed by the file parts. Parsed with Apache James mime4j; the whole body
 * is bounded by {@code maxBytes}. Files become {@link UploadFiles.FileUpload} values of the {@code Upload} scalar.
 */
final class GraphQlMultipart {
    /** Longest file name accepted (what common file systems store). */
    static final int MAX_FILE_NAME = 255;

    private GraphQlMultipart() {}

    /** The body was larger than allowed. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("the upload is larger than " + max + " bytes");
        }
    }

    private record Part(String name, String fileName, String contentType, byte[] bytes) {}

    /** Parses the body and returns the operations JSON with every mapped path replaced by its file. */
    static Object operations(InputStream body, String contentTypeHeader, long maxBytes) throws IOException {
        List<Part> parts = parts(new Bounded(body, maxBytes), contentTypeHeader);
        Object operations = null;
        Map<String, Object> map = null;
        Map<String, Part> files = new LinkedHashMap<>();
        for (Part part : parts) {
            switch (part.name()) {
                case "operations" -> operations = Json.read(part.bytes(), Object.class);
                case "map" -> {
                    Object value = Json.read(part.bytes(), Object.class);
                    if (!(value instanceof Map<?, ?> m)) {
                        throw DomainException.validation("the map part must be a JSON object");
                    }
                    map = castMap(m);
                }
                default -> files.put(part.name(), part);
            }
        }
        if (operations == null) {
            throw DomainException.validation("a multipart GraphQL request needs an operations part first");
        }
        if (map == null) {
            throw DomainException.validation("a multipart GraphQL request needs a map part");
        }
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            Part file = files.get(entry.getKey());
            if (file == null) {
                throw DomainException.validation("the map names file part '" + entry.getKey() + "' which is missing");
            }
            if (!(entry.getValue() instanceof List<?> paths) || paths.isEmpty()) {
                throw DomainException.validation("the map entry of '" + entry.getKey() + "' must list paths");
            }
            UploadFiles.FileUpload upload = new UploadFiles.FileUpload(
                    file.fileName() == null ? file.name() : file.fileName(), file.contentType(), file.bytes());
            for (Object path : paths) {
                operations = set(operations, String.valueOf(path), upload);
            }
        }
        return operations;
    }

    private static List<Part> parts(InputStream body, String contentType) throws IOException {
        MimeConfig config = MimeConfig.custom()
                .setMaxLineLen(-1)
                .setMaxHeaderLen(16_384)
                .setMaxHeaderCount(50)
                .build();
        MimeTokenStream stream = new MimeTokenStream(config);
        stream.parseHeadless(body, contentType);
        List<Part> parts = new ArrayList<>();
        String name = null;
        String fileName = null;
        String partType = null;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_BODYPART -> {
                        name = null;
                        fileName = null;
                        partType = null;
                    }
                    case T_FIELD -> {
                        Field field = stream.getField();
                        if (field.getName().equalsIgnoreCase("Content-Disposition")) {
                            Map<String, String> parameters = dispositionParameters(field.getBody());
                            name = parameters.get("name");
                            fileName = parameters.get("filename");
                            if (fileName != null && fileName.length() > MAX_FILE_NAME) {
                                throw DomainException.validation("a file name is longer than " + MAX_FILE_NAME
                                        + " characters (" + fileName.length() + ")");
                            }
                        } else if (field.getName().equalsIgnoreCase("Content-Type")) {
                            partType = field.getBody().strip();
                        }
                    }
                    case T_BODY -> {
                        if (name == null) {
                            throw DomainException.validation("a multipart part has no name");
                        }
                        byte[] bytes;
                        try (InputStream in = stream.getDecodedInputStream()) {
                            bytes = in.readAllBytes();
                        }
                        parts.add(new Part(name, fileName, partType, bytes));
                    }
                    default -> {}
                }
            }
        } catch (MimeException e) {
            throw DomainException.validation("the multipart body is malformed");
        }
        if (parts.isEmpty()) {
            throw DomainException.validation("the multipart body has no parts");
        }
        return parts;
    }

    /**
     * The parameters of a {@code Content-Disposition} value ({@code form-data; name="a"; filename="b"}), names
     * lower-cased, read in one pass without regular expressions: quoted values may hold {@code ;} and backslash
     * escapes. The first value of a name wins.
     */
    static Map<String, String> dispositionParameters(String value) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int length = value.length();
        int i = value.indexOf(';');
        while (i >= 0 && i < length) {
            i++; // past the ';'
            while (i < length && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            int nameStart = i;
            while (i < length && value.charAt(i) != '=' && value.charAt(i) != ';') {
                i++;
            }
            String name = value.substring(nameStart, i).strip().toLowerCase(java.util.Locale.ROOT);
            if (i >= length || value.charAt(i) == ';') {
                continue; // a parameter without value
            }
            i++; // past the '='
            while (i < length && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            StringBuilder parsed = new StringBuilder();
            if (i < length && value.charAt(i) == '"') {
                i++;
                while (i < length && value.charAt(i) != '"') {
                    char c = value.charAt(i);
                    if (c == '\\' && i + 1 < length) {
                        c = value.charAt(++i);
                    }
                    parsed.append(c);
                    i++;
                }
                i = value.indexOf(';', i); // past the closing quote, to the next parameter
            } else {
                int end = value.indexOf(';', i);
                parsed.append((end < 0 ? value.substring(i) : value.substring(i, end)).strip());
                i = end;
            }
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, parsed.toString());
            }
        }
        return parameters;
    }

    /** Replaces the value at a dotted path ({@code variables.files.0} or {@code 0.variables.file}) by {@code value}. */
    @SuppressWarnings("unchecked")
    private static Object set(Object root, String path, Object value) {
        String[] segments = path.split("\\.");
        Object current = root;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (current instanceof Map<?, ?> m) {
                Map<String, Object> map = (Map<String, Object>) m;
                if (!map.containsKey(segment)) {
                    throw DomainException.validation("the map path '" + path + "' does not exist in operations");
                }
                if (last) {
                    map.put(segment, value);
                } else {
                    current = map.get(segment);
                }
            } else if (current instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                int index;
                try {
                    index = Integer.parseInt(segment);
                } catch (NumberFormatException e) {
                    throw DomainException.validation(
                            "the map path '" + path + "' indexes a list with '" + segment + "'");
                }
                if (index < 0 || index >= list.size()) {
                    throw DomainException.validation("the map path '" + path + "' does not exist in operations");
                }
                if (last) {
                    list.set(index, value);
                } else {
                    current = list.get(index);
                }
            } else {
                throw DomainException.validation("the map path '" + path + "' does not exist in operations");
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** Counts bytes and fails once more than {@code max} were read. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long count;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws TooLarge {
            count += n;
            if (count > max) {
                throw new TooLarge(max);
            }
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
