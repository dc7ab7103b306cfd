/**
 * The component catalog: what kinds of block a graph may contain ({@link io.draftnrun.domain.component.ComponentDefinition}),
 * the parameters each accepts with their types, defaults and editor hints, which components may fill a sub-component
 * slot, and the function-calling description a component offers when used as a tool.
 */
package io.draftnrun.domain.component;
