package io.draftnrun.application.component;

import java.util.Objects;

/** A selectable model: its {@code provider:model} reference and a label for the editor. */
public record LlmModel(String reference, String label, String capability) {
    public LlmModel {
        Objects.requireNonNull(reference, "reference");
        label = label == null ? reference : label;
        capability = capability == null ? "completion" : capability;
    }
}
