/**
 * The language-model vocabulary shared by every slice: model references ({@code provider:model}), capabilities,
 * chat messages with their content parts and tool calls, tool specifications, token usage and catalog entries. Pure
 * values with no knowledge of any provider's wire format.
 */
package io.draftnrun.domain.llm;
