/**
 * The driving HTTP adapter (Helidon SE): GraphQL over HTTP and WebSocket, the GraphiQL console, health and the REST
 * run endpoint. Fetchers read arguments, call a use case and return application views; no business rules here.
 */
package io.draftnrun.adapter.in.graphql;
