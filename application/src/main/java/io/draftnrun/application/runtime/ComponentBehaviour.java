package io.draftnrun.application.runtime;

import io.draftnrun.domain.component.ComponentDefinition;

/**
 * A component of the catalog as code: its definition (parameters, defaults, UI hints, slots, default tool
 * description) and how to build a runnable instance of it for one node of one run. Instances are built per run, so
 * they may keep per-run state; building must be cheap and must not call the network.
 */
public interface ComponentBehaviour extends io.draftnrun.application.component.ComponentDefinitionFactory {
    @Override
    ComponentDefinition definition();

    /** The catalog name nodes refer to (their {@code componentName}). */
    default String name() {
        return definition().name();
    }

    /**
     * Builds the instance. Throw a {@link io.draftnrun.domain.shared.DomainException} VALIDATION naming the parameter
     * when the configuration is unusable.
     */
    RunnableComponent create(ComponentSpec spec);
}
