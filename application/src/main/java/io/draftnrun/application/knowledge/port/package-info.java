/**
 * Outbound ports of the knowledge slice: the vector store holding one collection of embedded chunks per source, where
 * uploaded files are stored ({@code BlobStore}), how a file becomes markdown text ({@code DocumentParser}) and how text
 * is measured in model tokens ({@code TokenCounter}).
 */
package io.draftnrun.application.knowledge.port;
