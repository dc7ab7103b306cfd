package io.draftnrun.archfixture.domain.component;

/** A stand-in of the real record, with its builder; {@link DefinedByHand} violates rule 9. */
public record ComponentDefinition(String name, boolean isAgent) {
    /** The only class allowed to call the canonical constructor. */
    public static final class Builder {
        private String name = "";

        public ComponentDefinition build() {
            return new ComponentDefinition(name, false);
        }
    }
}
