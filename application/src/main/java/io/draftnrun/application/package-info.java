/**
 * Use cases and the ports they need. Sees only the domain; adapters implement the ports, bootstrap wires them.
 * Feature slices are sub-packages; each slice's outbound ports live in its {@code port} package.
 */
package io.draftnrun.application;
