package io.draftnrun.adapter.out.llm;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.port.EmbeddingModelProvider;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EmbeddingModelProvider} over langchain4j: {@code local:all-minilm-l6-v2} runs in process (ONNX model shipped
 * in the jar, loaded lazily once, no network); {@code openai}, {@code mistral} and custom providers are called through
 * the OpenAI embeddings API at their base URL. Texts are sent in batches; each batch is retried like chat calls.
 */
public final class LangChain4jEmbeddingModelProvider implements EmbeddingModelProvider {
    private static final Logger LOG = LoggerFactory.getLogger(LangChain4jEmbeddingModelProvider.class);

    private final ModelCatalog catalog;
    private final ProviderCall calls;
    private final int batchSize;
    private final Duration timeout;
    private volatile EmbeddingModel miniLm;

    public LangChain4jEmbeddingModelProvider(ModelCatalog catalog) {
        this(catalog, RetryPolicy.DEFAULT, 64, Duration.ofSeconds(60));
    }

    public LangChain4jEmbeddingModelProvider(
            ModelCatalog catalog, RetryPolicy retryPolicy, int batchSize, Duration timeout) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.calls = new ProviderCall(retryPolicy);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.batchSize = batchSize;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public List<float[]> embed(ModelReference model, ProviderCredentials credentials, List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        EmbeddingModel embedder;
        String baseUrl;
        if (model.equals(BuiltInModels.LOCAL_MINILM)) {
            embedder = miniLm();
            baseUrl = "in-process";
        } else {
            baseUrl = switch (model.provider()) {
                case BuiltInModels.OPENAI -> credentials.baseUrl().orElse(LangChain4jChatModelProvider.OPENAI_BASE_URL);
                case BuiltInModels.MISTRAL ->
                    credentials.baseUrl().orElse(LangChain4jChatModelProvider.MISTRAL_BASE_URL);
                default -> {
                    if (BuiltInModels.isBuiltInProvider(model.provider())) {
                        throw new DomainException(
                                ErrorCode.FAILED_PRECONDITION,
                                "provider '" + model.provider() + "' has no embedding model here; use"
                                        + " local:all-minilm-l6-v2, openai, mistral or a custom provider");
                    }
                    yield credentials
                            .baseUrl()
                            .orElseThrow(() -> new DomainException(
                                    ErrorCode.FAILED_PRECONDITION,
                                    "custom provider '" + model.provider()
                                            + "' has no base_url in custom_models.json"));
                }
            };
            embedder = OpenAiEmbeddingModel.builder()
                    .baseUrl(baseUrl)
                    .apiKey(credentials.apiKey().orElse("none"))
                    .modelName(model.model())
                    .timeout(timeout)
                    .maxRetries(0)
                    .maxSegmentsPerBatch(batchSize)
                    .build();
        }
        ProviderCall.Target target = new ProviderCall.Target(
                model.provider(),
                model.model(),
                baseUrl,
                credentials.apiKey(),
                "the organization secret '" + BuiltInModels.organizationSecretName(model.provider())
                        + "' or the server key");
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(t -> TextSegment.from(t == null || t.isEmpty() ? " " : t))
                    .toList();
            List<Embedding> embeddings =
                    calls.run(target, timeout, () -> embedder.embedAll(batch).content(), () -> true);
            if (embeddings.size() != batch.size()) {
                throw new DomainException(
                        ErrorCode.UNAVAILABLE,
                        model + " returned " + embeddings.size() + " vectors for " + batch.size() + " texts");
            }
            embeddings.forEach(e -> vectors.add(e.vector()));
        }
        return vectors;
    }

    @Override
    public int dimensions(ModelReference model) {
        return catalog.find(model)
                .map(LlmModel::embeddingSize)
                .filter(size -> size.isPresent())
                .map(size -> size.getAsInt())
                .orElseThrow(() -> new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "unknown embedding model '" + model + "': use local:all-minilm-l6-v2, a built-in"
                                + " embedding model or one declared with embedding_size in custom_models.json"));
    }

    private EmbeddingModel miniLm() {
        EmbeddingModel model = miniLm;
        if (model == null) {
            synchronized (this) {
                model = miniLm;
                if (model == null) {
                    long start = System.nanoTime();
                    model = new AllMiniLmL6V2EmbeddingModel();
                    miniLm = model;
                    LOG.info("Loaded in-process all-MiniLM-L6-v2 in {} ms", (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        return model;
    }
}
