/**
 * The graph runtime and its component SPI: a {@link io.draftnrun.application.runtime.ComponentBehaviour} per catalog
 * component builds a {@link io.draftnrun.application.runtime.RunnableComponent} from a node's resolved parameters,
 * slot children and tool description; the {@link io.draftnrun.application.runtime.GraphRunner} runs every node whose
 * inputs are complete at once on virtual threads, with a {@link io.draftnrun.application.runtime.RunContext} giving
 * each component its ids, trace position, event emitter and cancellation; components get their services through
 * their constructors, wired once at start-up.
 */
package io.draftnrun.application.runtime;
