/**
 * The knowledge slice: sources, documents, chunks and their ingestion, and the values exchanged with its ports: the
 * vector store (points, scored points, filters, collection specs), file storage (blob keys and infos) and document
 * parsing (parsed documents and parse results).
 */
package io.draftnrun.application.knowledge;
