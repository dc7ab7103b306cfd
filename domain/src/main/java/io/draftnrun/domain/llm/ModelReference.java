package io.draftnrun.domain.llm;

import io.draftnrun.domain.shared.DomainException;

/**
 * Names one model of one provider, written {@code provider:model} with exactly one colon (e.g.
 * {@code openai:gpt-4.1-mini}, {@code local:all-minilm-l6-v2}, {@code myprovider:my-model}).
 */
public record ModelReference(String provider, String model) {
    public ModelReference {
        if (provider == null || provider.isBlank()) {
            throw DomainException.validation("model reference needs a provider before the colon");
        }
        if (model == null || model.isBlank()) {
            throw DomainException.validation("model reference needs a model name after the colon");
        }
        if (provider.contains(":") || model.contains(":")) {
            throw DomainException.validation("model reference parts must not contain a colon");
        }
        provider = provider.strip();
        model = model.strip();
    }

    /** Parses {@code provider:model}; anything without exactly one colon is a VALIDATION error. */
    public static ModelReference parse(String value) {
        if (value == null || value.isBlank()) {
            throw DomainException.validation("model reference is empty: expected 'provider:model'");
        }
        int first = value.indexOf(':');
        if (first < 0 || first != value.lastIndexOf(':')) {
            throw DomainException.validation("invalid model reference '" + value
                    + "': expected 'provider:model' with exactly one colon, e.g. 'openai:gpt-4.1-mini'");
        }
        String provider = value.substring(0, first);
        String model = value.substring(first + 1);
        if (provider.isBlank() || model.isBlank()) {
            throw DomainException.validation(
                    "invalid model reference '" + value + "': both provider and model must be non-empty");
        }
        return new ModelReference(provider, model);
    }

    @Override
    public String toString() {
        return provider + ":" + model;
    }
}
