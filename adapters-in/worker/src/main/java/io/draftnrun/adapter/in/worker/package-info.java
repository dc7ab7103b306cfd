/**
 * The driving queue adapter: consumer loops that take jobs from a durable queue and run them through an application
 * use case (leases, redelivery, back-off and stopping live here; what a job does lives in the application).
 */
package io.draftnrun.adapter.in.worker;
