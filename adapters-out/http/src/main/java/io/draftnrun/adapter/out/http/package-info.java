/**
 * Outbound HTTP for the tool components (API Call tool, web search, MCP) and the Cohere rerank client
 * ({@link io.draftnrun.adapter.out.http.CohereRerankClient}) on Apache HttpClient 5 behind an SSRF guard:
 * private, loopback, link-local, CGNAT, unique-local, multicast, reserved and cloud metadata addresses are refused
 * unless allow-listed, checked on the addresses DNS returns and on the address actually connected to, at every
 * redirect hop; only http and https; responses capped in size and time.
 */
package io.draftnrun.adapter.out.http;
