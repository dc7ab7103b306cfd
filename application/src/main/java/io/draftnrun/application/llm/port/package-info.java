/**
 * Outbound ports of the LLM slice: chat completion (with streamed token deltas), embeddings, web search, the model
 * catalog and the lookup of organization secrets holding provider keys.
 */
package io.draftnrun.application.llm.port;
