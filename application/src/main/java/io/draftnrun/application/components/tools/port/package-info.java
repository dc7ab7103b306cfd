/** Outbound port through which tool components send HTTP requests to the public web, behind an SSRF guard. */
package io.draftnrun.application.components.tools.port;
