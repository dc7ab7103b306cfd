/**
 * Outbound ports of the RAG components: how a knowledge source is indexed (filled by the knowledge slice) and the
 * rerank model.
 */
package io.draftnrun.application.components.rag.port;
