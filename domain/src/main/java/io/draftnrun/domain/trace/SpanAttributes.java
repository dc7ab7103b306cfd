package io.draftnrun.domain.trace;

/**
 * OpenInference attribute names (and the few of our own). Values are JSON-like: String, Boolean, Long, Double, or
 * List/Map of those. Messages ({@code llm.input_messages}, {@code llm.output_messages}) are lists of maps with
 * {@code role} and {@code content}; {@code retrieval.documents} is a list of maps with {@code id}, {@code content},
 * {@code score} and {@code metadata}. Exporters flatten them into OpenInference's indexed keys.
 */
public final class SpanAttributes {
    public static final String SPAN_KIND = "openinference.span.kind";
    public static final String INPUT_VALUE = "input.value";
    public static final String INPUT_MIME_TYPE = "input.mime_type";
    public static final String OUTPUT_VALUE = "output.value";
    public static final String OUTPUT_MIME_TYPE = "output.mime_type";
    public static final String LLM_INPUT_MESSAGES = "llm.input_messages";
    public static final String LLM_OUTPUT_MESSAGES = "llm.output_messages";
    public static final String LLM_MODEL_NAME = "llm.model_name";
    public static final String LLM_PROVIDER = "llm.provider";
    public static final String LLM_INVOCATION_PARAMETERS = "llm.invocation_parameters";
    public static final String LLM_TOKEN_COUNT_PROMPT = "llm.token_count.prompt";
    public static final String LLM_TOKEN_COUNT_COMPLETION = "llm.token_count.completion";
    public static final String LLM_TOKEN_COUNT_TOTAL = "llm.token_count.total";
    /** Ours: true when the call used the platform's own provider key (counted against the organization's quota). */
    public static final String LLM_PLATFORM_KEY = "llm.platform_key";

    public static final String TOOL_NAME = "tool.name";
    public static final String TOOL_DESCRIPTION = "tool.description";
    public static final String TOOL_PARAMETERS = "tool.parameters";
    public static final String RETRIEVAL_DOCUMENTS = "retrieval.documents";
    public static final String RERANKER_INPUT_DOCUMENTS = "reranker.input_documents";
    public static final String RERANKER_OUTPUT_DOCUMENTS = "reranker.output_documents";
    public static final String RERANKER_MODEL_NAME = "reranker.model_name";
    public static final String EMBEDDING_MODEL_NAME = "embedding.model_name";
    public static final String EMBEDDING_EMBEDDINGS = "embedding.embeddings";

    /** Scope attributes, present on every exported span (the reference's names). */
    public static final String PROJECT_ID = "project_id";

    public static final String ORGANIZATION_ID = "organization_id";
    public static final String ENVIRONMENT = "environment";
    public static final String RUN_ID = "run_id";

    private SpanAttributes() {}
}
