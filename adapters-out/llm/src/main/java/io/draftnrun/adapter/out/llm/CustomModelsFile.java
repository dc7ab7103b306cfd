package io.draftnrun.adapter.out.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom providers declared in {@code custom_models.json}:
 * {@code {"custom_models": {"<provider>": [{"model_name", "display_name", "description", "model_capacity": [...],
 * "embedding_size", "base_url", "api_key"}]}}}. A missing file declares nothing; a malformed one fails with one line
 * naming the file and the problem.
 */
public final class CustomModelsFile {
    private static final Logger LOG = LoggerFactory.getLogger(CustomModelsFile.class);
    public static final String FILE_NAME = "custom_models.json";

    /** One declared model. {@link #toString()} hides the key. */
    public record Entry(
            ModelReference reference,
            String displayName,
            String description,
            Set<ModelCapability> capabilities,
            OptionalInt embeddingSize,
            String baseUrl,
            Optional<String> apiKey) {
        public Entry {
            capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        }

        @Override
        public String toString() {
            return "Entry[" + reference + ", baseUrl=" + baseUrl + ", capabilities=" + capabilities + "]";
        }
    }

    private final Optional<Path> source;
    private final List<Entry> entries;

    private CustomModelsFile(Optional<Path> source, List<Entry> entries) {
        this.source = source;
        this.entries = List.copyOf(entries);
    }

    public static CustomModelsFile none() {
        return new CustomModelsFile(Optional.empty(), List.of());
    }

    /** Loads {@code custom_models.json} from the working directory (none if absent). */
    public static CustomModelsFile loadFromWorkingDirectory() {
        return load(Path.of(FILE_NAME).toAbsolutePath());
    }

    public static CustomModelsFile load(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw invalid(
                    file,
                    "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw invalid(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "the top level must be an object with a \"custom_models\" key");
        }
        JsonNode models = root.get("custom_models");
        if (models == null || !models.isObject()) {
            throw invalid(file, "\"custom_models\" must be an object mapping provider names to lists of models");
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> provider = it.next();
            String name = provider.getKey();
            if (name.isBlank() || name.contains(":")) {
                throw invalid(file, "provider name '" + name + "' must be non-empty and contain no colon");
            }
            if (BuiltInModels.isBuiltInProvider(name)) {
                throw invalid(file, "provider '" + name + "' is built in; give the custom provider another name");
            }
            if (!provider.getValue().isArray()) {
                throw invalid(file, "custom_models." + name + " must be a list of models");
            }
            int index = 0;
            for (JsonNode model : provider.getValue()) {
                entries.add(entry(file, name, index++, model));
            }
        }
        LOG.info("Loaded {} custom model(s) from {}", entries.size(), file);
        return new CustomModelsFile(Optional.of(file), entries);
    }

    private static Entry entry(Path file, String provider, int index, JsonNode model) {
        String where = "custom_models." + provider + "[" + index + "]";
        if (!model.isObject()) {
            throw invalid(file, where + " must be an object");
        }
        String modelName = text(model, "model_name");
        if (modelName == null || modelName.isBlank() || modelName.contains(":")) {
            throw invalid(file, where + ".model_name is required and must contain no colon");
        }
        String baseUrl = text(model, "base_url");
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw invalid(file, where + ".base_url is required and must start with http:// or https://");
        }
        Set<ModelCapability> capabilities = EnumSet.noneOf(ModelCapability.class);
        JsonNode capacity = model.get("model_capacity");
        if (capacity != null && !capacity.isNull()) {
            if (!capacity.isArray()) {
                throw invalid(file, where + ".model_capacity must be a list of strings");
            }
            for (JsonNode c : capacity) {
                capability(c.asText())
                        .ifPresentOrElse(
                                capabilities::add,
                                () -> LOG.warn(
                                        "{}: ignoring unknown model_capacity '{}' in {}", file, c.asText(), where));
            }
        } else {
            capabilities.add(ModelCapability.COMPLETION);
        }
        OptionalInt embeddingSize = OptionalInt.empty();
        JsonNode size = model.get("embedding_size");
        if (size != null && !size.isNull()) {
            if (!size.canConvertToInt() || size.asInt() <= 0) {
                throw invalid(file, where + ".embedding_size must be a positive integer");
            }
            embeddingSize = OptionalInt.of(size.asInt());
        }
        if (capabilities.contains(ModelCapability.EMBEDDING) && embeddingSize.isEmpty()) {
            throw invalid(file, where + " is an embedding model and needs \"embedding_size\"");
        }
        String display = Optional.ofNullable(text(model, "display_name")).orElse(modelName);
        return new Entry(
                new ModelReference(provider, modelName),
                display,
                Optional.ofNullable(text(model, "description")).orElse(""),
                capabilities,
                embeddingSize,
                baseUrl,
                Optional.ofNullable(text(model, "api_key")).filter(k -> !k.isBlank()));
    }

    private static Optional<ModelCapability> capability(String value) {
        return switch (value.toLowerCase(Locale.ROOT).strip()) {
            case "completion", "chat" -> Optional.of(ModelCapability.COMPLETION);
            case "function_calling", "tools" -> Optional.of(ModelCapability.FUNCTION_CALLING);
            case "constrained_completion", "constrained_output", "structured_output", "structured_completion" ->
                Optional.of(ModelCapability.STRUCTURED_OUTPUT);
            case "embedding" -> Optional.of(ModelCapability.EMBEDDING);
            case "web_search" -> Optional.of(ModelCapability.WEB_SEARCH);
            case "image", "vision", "ocr" -> Optional.of(ModelCapability.VISION);
            case "file" -> Optional.of(ModelCapability.FILE);
            default -> Optional.empty();
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static DomainException invalid(Path file, String problem) {
        return new DomainException(ErrorCode.FAILED_PRECONDITION, "invalid " + file + ": " + problem);
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Path> source() {
        return source;
    }
}
