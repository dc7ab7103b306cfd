/**
 * The driving HTTP transport (Helidon SE): routing ({@link io.draftnrun.adapter.in.http.HttpApi}), the one error
 * handler and status map, request ids, CORS, rate limits, authentication of requests, health, metrics, the GraphiQL
 * console, and the protocols that are plain HTTP (REST runs, the OpenAI-compatible and MCP endpoints, document
 * downloads). GraphQL is served on it by the graphql adapter through {@link io.draftnrun.adapter.in.http.HttpService}
 * (ADR 0024). Routes read the request, call a use case and write its answer; no business rules here.
 */
package io.draftnrun.adapter.in.http;
