/**
 * Language models through langchain4j: chat (OpenAI, Anthropic, Gemini, Mistral, Ollama and OpenAI-compatible custom
 * providers) with streaming, tools and structured output; embeddings (in-process all-MiniLM-L6-v2, OpenAI and custom
 * providers); OpenAI web search; the model catalog fed by {@code custom_models.json}; retries with backoff and the
 * mapping of provider failures to domain errors that never show a key.
 */
package io.draftnrun.adapter.out.llm;
