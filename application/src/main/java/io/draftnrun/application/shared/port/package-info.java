/** Outbound ports shared by every slice: probes of the dependencies the server needs. */
package io.draftnrun.application.shared.port;
