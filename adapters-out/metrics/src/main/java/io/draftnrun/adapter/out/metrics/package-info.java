/**
 * Micrometer behind the application's {@code Metrics} port: counters, timers and gauges of HTTP and GraphQL requests,
 * runs, nodes, LLM tokens, ingestion and span writing, plus JVM metrics, scraped in the Prometheus text format.
 */
package io.draftnrun.adapter.out.metrics;
