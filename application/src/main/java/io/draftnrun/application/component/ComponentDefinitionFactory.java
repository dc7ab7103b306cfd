package io.draftnrun.application.component;

import io.draftnrun.domain.component.ComponentDefinition;

/**
 * What a built-in component contributes to the catalog: its definition. Component families in
 * {@code application.components.*} implement it (the run engine adds the behaviour's constructor beside it).
 */
public interface ComponentDefinitionFactory {
    ComponentDefinition definition();
}
