package io.draftnrun.archfixture.domain.component;

/** Calls the canonical constructor of the definition record directly: violates rule 9. */
public class DefinedByHand {
    ComponentDefinition definition = new ComponentDefinition("by hand", true);
}
