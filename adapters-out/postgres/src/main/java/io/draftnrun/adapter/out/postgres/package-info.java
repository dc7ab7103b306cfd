/**
 * PostgreSQL adapter: connection pools and Flyway migrations of the three databases (backend, ingestion, traces),
 * jOOQ repositories and read models implementing the application's ports. jOOQ code is generated from the Flyway
 * files at build time (ADR 0002).
 */
package io.draftnrun.adapter.out.postgres;
