/**
 * The SQL components (SQL DB Service, Run SQL Query Tool, SQL Tool, Database Query Agent) and the value types they
 * share: how to reach a customer's database, the limits of one query, its result or why it was refused, the
 * description of a database given to the model, and the markdown rendering of a result that the model reads.
 */
package io.draftnrun.application.components.sql;
