package io.draftnrun.domain.graph;

import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a graph's values refer to outside the graph, as the organization saving it sees them: whether it may use a
 * component (release stages), which models exist and what they can do, and which secrets and knowledge sources it
 * has. The caller builds it from what it knows (the save use case, from its ports), so {@link GraphValidator} stays
 * pure.
 */
public interface GraphReferences {
    /** Why the organization may not use the component (e.g. its release stage), empty when it may. */
    Optional<String> refusal(ComponentDefinition component);

    /** The capabilities of the model, empty when the server knows no such model. */
    Optional<Set<ModelCapability>> model(ModelReference model);

    /** Whether the organization has a secret of that name. */
    boolean secretExists(String name);

    /** Whether the organization has a knowledge source of that id. */
    boolean sourceExists(UUID source);

    /** Knows of nothing outside the graph: refuses no component, finds every model, secret and source. */
    GraphReferences UNCHECKED = new GraphReferences() {
        @Override
        public Optional<String> refusal(ComponentDefinition component) {
            return Optional.empty();
        }

        @Override
        public Optional<Set<ModelCapability>> model(ModelReference model) {
            return Optional.of(EnumSet.allOf(ModelCapability.class));
        }

        @Override
        public boolean secretExists(String name) {
            return true;
        }

        @Override
        public boolean sourceExists(UUID source) {
            return true;
        }
    };
}
