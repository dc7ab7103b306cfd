/**
 * jOOQ repositories of the knowledge slice: sources and ingestion tasks in the backend database, chunks and ingested
 * file hashes in the ingestion database.
 */
package io.draftnrun.adapter.out.postgres.knowledge;
