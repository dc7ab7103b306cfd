/**
 * Vector store on a Qdrant cluster over gRPC (the official Java client): one Cosine collection per source, keyword
 * payload indexes for filterable fields, point ids derived from chunk ids (UUIDv5), filters as match-any conditions.
 */
package io.draftnrun.adapter.out.qdrant;
