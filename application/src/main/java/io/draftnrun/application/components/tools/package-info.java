/**
 * Value types shared by the tool components that call the web (API Call tool, web search): one outbound HTTP
 * request, its response, and the outcome when the request was refused by the network guard or failed.
 */
package io.draftnrun.application.components.tools;
