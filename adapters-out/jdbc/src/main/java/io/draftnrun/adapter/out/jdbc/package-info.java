/**
 * Customer databases over JDBC for the SQL components: PostgreSQL, MySQL/MariaDB and SQLite behind layered
 * guards (a SQL parser lets through only one plain read, every query runs in a read-only transaction that is rolled
 * back, with a statement timeout and a row cap), with one small connection pool per database closed when idle.
 */
package io.draftnrun.adapter.out.jdbc;
