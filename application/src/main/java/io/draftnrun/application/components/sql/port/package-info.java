/** Outbound port through which the SQL components describe and read a customer's database, never write to it. */
package io.draftnrun.application.components.sql.port;
