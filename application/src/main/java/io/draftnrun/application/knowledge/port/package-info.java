/**
 * Outbound ports of the knowledge slice: the vector store that holds one collection of embedded chunks per source.
 */
package io.draftnrun.application.knowledge.port;
