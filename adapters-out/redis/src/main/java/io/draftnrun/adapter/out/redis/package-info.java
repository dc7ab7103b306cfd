/**
 * Redis adapter (Redisson): the connection, its health probe, the ingestion queue on Redis Streams with a consumer
 * group, ingestion task updates and the run-event bus on pub/sub so events cross server instances.
 */
package io.draftnrun.adapter.out.redis;
