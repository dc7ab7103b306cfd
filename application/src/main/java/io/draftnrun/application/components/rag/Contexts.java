package io.draftnrun.application.components.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The texts given to the synthesizer: numbered sources and glossary definitions (the reference's exact format). */
public final class Contexts {
    /** Scores are for ranking, not for the model. */
    public static final Set<String> HIDDEN_METADATA = Set.of("reranked_score", "similarity_score", "penalty_score");

    private Contexts() {}

    /**
     * "**Source i:**", the content, then "Metadata:" and {@code key: value} lines when there is metadata; blocks
     * separated by a blank line. {@code metadataKeys} (when not null) selects and orders the keys shown; null shows all.
     */
    public static String sources(List<SourceChunk> sources, List<String> metadataKeys) {
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            SourceChunk source = sources.get(i);
            String block = "**Source " + (i + 1) + ":**\n" + source.content() + "\n" + metadata(source, metadataKeys);
            blocks.add(block.strip());
        }
        return String.join("\n\n", blocks);
    }

    public static String sources(List<SourceChunk> sources) {
        return sources(sources, null);
    }

    static String metadata(SourceChunk source, List<String> metadataKeys) {
        Map<String, Object> shown = new LinkedHashMap<>();
        if (metadataKeys != null) {
            for (String key : metadataKeys) {
                if (source.metadata().containsKey(key) && !HIDDEN_METADATA.contains(key)) {
                    shown.put(key, source.metadata().get(key));
                }
            }
        } else {
            source.metadata().forEach((k, v) -> {
                if (!HIDDEN_METADATA.contains(k)) {
                    shown.put(k, v);
                }
            });
        }
        if (shown.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("Metadata:\n");
        List<String> lines = new ArrayList<>();
        shown.forEach((k, v) -> lines.add(k + ": " + v));
        out.append(String.join("\n", lines));
        return out.toString();
    }

    /** "**Glossary definition of TERM:**", newline, the definition; blocks separated by a blank line. */
    public static String vocabulary(List<Map.Entry<String, String>> definitions) {
        List<String> blocks = new ArrayList<>();
        for (Map.Entry<String, String> d : definitions) {
            blocks.add(("**Glossary definition of " + d.getKey() + ":**\n" + d.getValue()).strip());
        }
        return String.join("\n\n", blocks);
    }
}
