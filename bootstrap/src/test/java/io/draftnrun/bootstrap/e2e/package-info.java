/** End-to-end tests: the application booted in {@code dev} mode, driven over HTTP and WebSocket like a client. */
package io.draftnrun.bootstrap.e2e;
