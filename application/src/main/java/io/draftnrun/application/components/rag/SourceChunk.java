package io.draftnrun.application.components.rag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A retrieved piece of a document (spec 2.3): chunk id ({@code name}), document, content, optional URL with how the
 * editor shows it, and metadata (ordered; scores are added as {@code similarity_score}, {@code reranked_score}...).
 */
public record SourceChunk(
        String name,
        String documentName,
        String content,
        String url,
        String urlDisplayType,
        Map<String, Object> metadata) {
    public SourceChunk {
        Objects.requireNonNull(name, "name");
        documentName = documentName == null ? "" : documentName;
        content = content == null ? "" : content;
        url = url == null ? "" : url;
        urlDisplayType = urlDisplayType == null ? "viewer" : urlDisplayType;
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    public static SourceChunk of(
            String name, String documentName, String url, String content, Map<String, Object> metadata) {
        return new SourceChunk(name, documentName, content, url, "viewer", metadata);
    }

    public SourceChunk withMetadata(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(metadata);
        copy.put(key, value);
        return new SourceChunk(name, documentName, content, url, urlDisplayType, copy);
    }

    public SourceChunk withUrl(String newUrl) {
        return new SourceChunk(name, documentName, content, newUrl, urlDisplayType, metadata);
    }

    /** The wire form kept in {@code artifacts.sources}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("document_name", documentName);
        map.put("content", content);
        map.put("url", url);
        map.put("url_display_type", urlDisplayType);
        map.put("metadata", metadata);
        return map;
    }
}
