/**
 * Outbound ports of tracing: where finished spans go ({@code SpanSink}), the batch store and read model of the
 * traces database, the organization usage ledger and the project directory used for authorization.
 */
package io.draftnrun.application.trace.port;
