/** Outbound ports shared by every slice: probes of the dependencies the server needs, the feed of data changes. */
package io.draftnrun.application.shared.port;
