/**
 * Value types shared by the SQL components (SQL Tool, Database Query Agent, Run SQL Query tool): how to reach a
 * customer's database, the limits of one query, its result or why it was refused, the description of a database
 * given to the model, and the markdown rendering of a result that the model reads.
 */
package io.draftnrun.application.components.sql;
