/**
 * Customer databases over JDBC for the SQL components and DATABASE sources: PostgreSQL, MySQL/MariaDB and SQLite behind
 * the five layers of ADR 0008 (an allow-list over the statement as the database reads it, the database's own read-only
 * transaction and timeout, no privileged account, no platform database or file nor unlisted private host, a byte budget
 * per value and per result), with one small connection pool per database closed when idle.
 */
package io.draftnrun.adapter.out.jdbc;
