package io.draftnrun.bootstrap;

import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.components.llm.LlmCall;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentRegistry;
import java.util.List;

/** Every built-in component: the run engine's registry and, from its definitions, the catalog. */
final class Components {
    private Components() {}

    static List<ComponentBehaviour> all() {
        return List.of(new InputComponent(), new LlmCall());
    }

    static ComponentRegistry registry() {
        return new ComponentRegistry(all());
    }
}
