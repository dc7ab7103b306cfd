/**
 * OpenTelemetry behind the tracing slice's {@code SpanSink} port: finished domain spans are mapped to OTel span data
 * (same trace and span ids, OpenInference attribute names) and exported in batches over OTLP by a background thread,
 * so a slow or absent collector never slows down or fails a run.
 */
package io.draftnrun.adapter.out.otel;
