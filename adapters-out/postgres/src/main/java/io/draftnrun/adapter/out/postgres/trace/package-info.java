/**
 * The traces database through jOOQ: the batch span store (insert, roll-ups recomputed in SQL for every touched
 * trace, platform-key usage per organization), the read model of the monitoring views and the usage ledger.
 */
package io.draftnrun.adapter.out.postgres.trace;
