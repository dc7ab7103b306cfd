/**
 * The AI Agent: a ReAct function-calling loop (system prompt, history window, tool calls in parallel, iteration cap
 * and fallback answer) over any function-callable component, other agents included; the loop is shared with the
 * Database Query Agent.
 */
package io.draftnrun.application.components.agent;
