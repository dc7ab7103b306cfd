package io.draftnrun.domain.llm;

import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/** A catalog entry: which model, how it is shown, what it can do, and its vector size when it embeds. */
public record LlmModel(
        ModelReference reference, String displayName, Set<ModelCapability> capabilities, OptionalInt embeddingSize) {
    public LlmModel {
        Objects.requireNonNull(reference, "reference");
        displayName = displayName == null || displayName.isBlank() ? reference.model() : displayName;
        capabilities = capabilities == null || capabilities.isEmpty()
                ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        embeddingSize = embeddingSize == null ? OptionalInt.empty() : embeddingSize;
        if (embeddingSize.isPresent() && embeddingSize.getAsInt() <= 0) {
            throw new IllegalArgumentException("embedding size must be positive");
        }
    }

    public boolean can(ModelCapability capability) {
        return capabilities.contains(capability);
    }
}
