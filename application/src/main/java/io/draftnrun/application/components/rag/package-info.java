/**
 * The RAG components: Retriever (embed, vector search, date penalty), Cohere Reranker, Synthesizer (numbered sources,
 * structured answer), Formatter (citation renumbering, source list), Vocabulary Search (fuzzy glossary) and the RAG
 * composing them, usable as an agent's tool.
 */
package io.draftnrun.application.components.rag;
