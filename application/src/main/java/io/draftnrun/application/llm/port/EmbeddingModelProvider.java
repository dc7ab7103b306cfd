package io.draftnrun.application.llm.port;

import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.domain.llm.ModelReference;
import java.util.List;

/** Turns texts into vectors with an embedding model; one vector per text, in order. */
public interface EmbeddingModelProvider {
    List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts);

    /** Size of the vectors the model produces (a FAILED_PRECONDITION error for an unknown model). */
    int dimensions(ModelReference model);
}
