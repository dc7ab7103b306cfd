/**
 * Embedded vector store for single-machine installs: one Lucene index per collection under a base directory, HNSW
 * graphs over L2-normalised vectors (dot product = cosine), keyword terms for filters, payloads stored as JSON.
 */
package io.draftnrun.adapter.out.lucene;
