/**
 * Redis adapter (Redisson): the connection, its health probe, the ingestion queue on Redis Streams with a consumer
 * group, ingestion task updates, the run-event bus on pub/sub so events cross server instances, and run cancellation
 * requests broadcast on pub/sub so they reach the instance executing the run.
 */
package io.draftnrun.adapter.out.redis;
