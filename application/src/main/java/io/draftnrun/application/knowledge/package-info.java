/**
 * The knowledge slice: sources, documents, chunks and their ingestion, and the values exchanged with the vector
 * store (points, scored points, filters, collection specs) that retrieval and ingestion share.
 */
package io.draftnrun.application.knowledge;
