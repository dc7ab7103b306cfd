/**
 * Components built on one model call: LLM Call (a templated prompt, optional files and JSON-schema output), and the
 * common parameter bundle every LLM-backed component shares ({@code completion_model}, {@code api_key}).
 */
package io.draftnrun.application.components.llm;
