/**
 * Graph versions: component instances (nodes) with their parameter values and tool descriptions, sub-component
 * relationships (a node filling a slot of another), ordered data edges; the pure validator that lists every
 * violation of a graph at once, and the topology the run engine executes (start nodes, ordered predecessors,
 * leaves, sub-component nodes that are not steps).
 */
package io.draftnrun.domain.graph;
