package io.draftnrun.application.llm;

import static io.draftnrun.domain.llm.ModelCapability.COMPLETION;
import static io.draftnrun.domain.llm.ModelCapability.EMBEDDING;
import static io.draftnrun.domain.llm.ModelCapability.FILE;
import static io.draftnrun.domain.llm.ModelCapability.FUNCTION_CALLING;
import static io.draftnrun.domain.llm.ModelCapability.STRUCTURED_OUTPUT;
import static io.draftnrun.domain.llm.ModelCapability.VISION;
import static io.draftnrun.domain.llm.ModelCapability.WEB_SEARCH;

import io.draftnrun.domain.llm.LlmModel;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The models offered without configuration, and the built-in providers with the server variable holding each one's
 * key ({@code ollama} and {@code local} need none).
 */
public final class BuiltInModels {
    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    public static final String GOOGLE = "google";
    public static final String MISTRAL = "mistral";
    public static final String OLLAMA = "ollama";
    /** In-process models (the MiniLM embedder). */
    public static final String LOCAL = "local";

    public static final ModelReference LOCAL_MINILM = new ModelReference(LOCAL, "all-minilm-l6-v2");

    private static final Set<String> PROVIDERS = Set.of(OPENAI, ANTHROPIC, GOOGLE, MISTRAL, OLLAMA, LOCAL);

    private static final List<LlmModel> MODELS = List.of(
            chat(
                    OPENAI,
                    "gpt-4.1",
                    "GPT-4.1",
                    COMPLETION,
                    FUNCTION_CALLING,
                    STRUCTURED_OUTPUT,
                    WEB_SEARCH,
                    VISION,
                    FILE),
            chat(
                    OPENAI,
                    "gpt-4.1-mini",
                    "GPT-4.1 mini",
                    COMPLETION,
                    FUNCTION_CALLING,
                    STRUCTURED_OUTPUT,
                    WEB_SEARCH,
                    VISION,
                    FILE),
            chat(OPENAI, "gpt-4.1-nano", "GPT-4.1 nano", COMPLETION, FUNCTION_CALLING, STRUCTURED_OUTPUT, VISION),
            chat(OPENAI, "gpt-4o", "GPT-4o", COMPLETION, FUNCTION_CALLING, STRUCTURED_OUTPUT, WEB_SEARCH, VISION, FILE),
            chat(
                    OPENAI,
                    "gpt-4o-mini",
                    "GPT-4o mini",
                    COMPLETION,
                    FUNCTION_CALLING,
                    STRUCTURED_OUTPUT,
                    WEB_SEARCH,
                    VISION,
                    FILE),
            chat(OPENAI, "gpt-5", "GPT-5", COMPLETION, FUNCTION_CALLING, STRUCTURED_OUTPUT, WEB_SEARCH, VISION, FILE),
            chat(
                    OPENAI,
                    "gpt-5-mini",
                    "GPT-5 mini",
                    COMPLETION,
                    FUNCTION_CALLING,
                    STRUCTURED_OUTPUT,
                    WEB_SEARCH,
                    VISION,
                    FILE),
            embedding(OPENAI, "text-embedding-3-small", "OpenAI text-embedding-3-small", 1536),
            embedding(OPENAI, "text-embedding-3-large", "OpenAI text-embedding-3-large", 3072),
            chat(ANTHROPIC, "claude-sonnet-4-5", "Claude Sonnet 4.5", COMPLETION, FUNCTION_CALLING, VISION, FILE),
            chat(ANTHROPIC, "claude-haiku-4-5", "Claude Haiku 4.5", COMPLETION, FUNCTION_CALLING, VISION, FILE),
            chat(ANTHROPIC, "claude-opus-4-1", "Claude Opus 4.1", COMPLETION, FUNCTION_CALLING, VISION, FILE),
            chat(
                    GOOGLE,
                    "gemini-2.5-pro",
                    "Gemini 2.5 Pro",
                    COMPLETION,
                    FUNCTION_CALLING,
                    STRUCTURED_OUTPUT,
                    VISION,
                    FILE),
            chat(
                    GOOGLE,
                    "gemini-2.5-flash",
                    "Gemini 2.5 Flash",
                    COMPLETION,
                    FUNCTION_CALLING,
                    STRUCTURED_OUTPUT,
                    VISION,
                    FILE),
            chat(MISTRAL, "mistral-large-latest", "Mistral Large", COMPLETION, FUNCTION_CALLING),
            chat(MISTRAL, "mistral-small-latest", "Mistral Small", COMPLETION, FUNCTION_CALLING),
            embedding(MISTRAL, "mistral-embed", "Mistral embed", 1024),
            chat(OLLAMA, "llama3.1", "Llama 3.1 (Ollama)", COMPLETION, FUNCTION_CALLING),
            chat(OLLAMA, "qwen2.5", "Qwen 2.5 (Ollama)", COMPLETION, FUNCTION_CALLING),
            embedding(LOCAL, LOCAL_MINILM.model(), "all-MiniLM-L6-v2 (in process)", 384));

    private BuiltInModels() {}

    public static List<LlmModel> models() {
        return MODELS;
    }

    public static boolean isBuiltInProvider(String provider) {
        return PROVIDERS.contains(provider);
    }

    /** The server variable holding a built-in provider's key ({@code OPENAI_API_KEY}), empty when none is needed. */
    public static Optional<String> serverKeyVariable(String provider) {
        return switch (provider) {
            case OLLAMA, LOCAL -> Optional.empty();
            default -> Optional.of(provider.toUpperCase(Locale.ROOT) + "_API_KEY");
        };
    }

    /** The organization secret holding a provider's key: {@code <provider>_api_key}. */
    public static String organizationSecretName(String provider) {
        return provider.toLowerCase(Locale.ROOT) + "_api_key";
    }

    private static LlmModel chat(String provider, String model, String display, ModelCapability... capabilities) {
        return new LlmModel(new ModelReference(provider, model), display, Set.of(capabilities), OptionalInt.empty());
    }

    private static LlmModel embedding(String provider, String model, String display, int size) {
        return new LlmModel(new ModelReference(provider, model), display, Set.of(EMBEDDING), OptionalInt.of(size));
    }
}
