/**
 * The driving GraphQL adapter (graphql-java): the schema, its fetchers, instrumentation (limits, identity) and
 * execution, served over HTTP and WebSocket ({@link io.draftnrun.adapter.in.graphql.GraphQlHttpService}) on the
 * transport of the http adapter (ADR 0024). Fetchers read arguments, call a use case and return views; no business
 * rules here.
 */
package io.draftnrun.adapter.in.graphql;
