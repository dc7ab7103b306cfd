/**
 * Use of language models by the application: the values exchanged with chat, embedding and web-search providers
 * (requests, results, resolved credentials), the built-in model list and the resolution of which API key a call
 * uses (the organization's secret first, then the server's key).
 */
package io.draftnrun.application.llm;
