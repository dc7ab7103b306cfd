/**
 * Knowledge bases as pure model and algorithms: sources and their ingestion tasks (status, progress, per-file
 * results), the sections of a parsed document, the chunks cut from them, and the markdown tree chunker that turns a
 * document into retrieval-sized chunks under their header paths.
 */
package io.draftnrun.domain.knowledge;
