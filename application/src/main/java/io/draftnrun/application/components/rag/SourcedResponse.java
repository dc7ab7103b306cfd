package io.draftnrun.application.components.rag;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** An answer with the sources it may cite by number ([1] is the first source) and whether the model succeeded. */
public record SourcedResponse(String response, List<SourceChunk> sources, Optional<Boolean> isSuccessful) {
    public SourcedResponse {
        Objects.requireNonNull(response, "response");
        sources = List.copyOf(sources);
        isSuccessful = isSuccessful == null ? Optional.empty() : isSuccessful;
    }

    public static SourcedResponse of(String response, List<SourceChunk> sources) {
        return new SourcedResponse(response, sources, Optional.empty());
    }
}
