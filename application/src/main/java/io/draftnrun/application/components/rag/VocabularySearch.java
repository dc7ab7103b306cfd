package io.draftnrun.application.components.rag;

import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Vocabulary Search (spec 3.4): finds glossary terms in the question by fuzzy partial-ratio matching (fuzzywuzzy's
 * {@code process.extract}: both sides processed, the best {@code fuzzy_matching_candidates}, then those scoring at
 * least {@code fuzzy_threshold}) and renders their definitions for the synthesizer prompt key
 * {@code vocabulary_context_prompt_key}.
 */
public final class VocabularySearch implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("323cfc43-76d9-4ae1-b950-2791faf798c2");
    public static final String NAME = "Vocabulary Search";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Adds the glossary definitions of terms found in the question.")
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(
                    ParameterDefinition.builder("vocabulary_context_data", ParameterType.JSON)
                            .defaultValue(Map.of())
                            .order(0)
                            .ui(
                                    UiComponent.TEXTAREA,
                                    Map.of(
                                            "label",
                                            "Glossary",
                                            "placeholder",
                                            "{\"term\": [...], \"definition\": [...]}"))
                            .build(),
                    ParameterDefinition.builder("fuzzy_matching_candidates", ParameterType.INTEGER)
                            .defaultValue(10)
                            .order(1)
                            .advanced()
                            .build(),
                    ParameterDefinition.builder("fuzzy_threshold", ParameterType.INTEGER)
                            .defaultValue(90)
                            .order(2)
                            .advanced()
                            .build(),
                    ParameterDefinition.builder("vocabulary_context_prompt_key", ParameterType.STRING)
                            .defaultValue("retrieved_definitions")
                            .order(3)
                            .advanced()
                            .build()))
            .build();

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        Map<String, Object> data =
                spec.parameters().jsonObject("vocabulary_context_data").orElse(Map.of());
        List<?> terms = data.get("term") instanceof List<?> l ? l : List.of();
        List<?> definitions = data.get("definition") instanceof List<?> l ? l : List.of();
        if (terms.size() != definitions.size()) {
            throw DomainException.validation("vocabulary_context_data needs as many definitions as terms");
        }
        List<Map.Entry<String, String>> glossary = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            glossary.add(Map.entry(String.valueOf(terms.get(i)), String.valueOf(definitions.get(i))));
        }
        return new Instance(
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                glossary,
                (int) spec.parameters().integer("fuzzy_matching_candidates", 10),
                (int) spec.parameters().integer("fuzzy_threshold", 90),
                spec.parameters().string("vocabulary_context_prompt_key").orElse("retrieved_definitions"));
    }

    /** A glossary and how it is matched. */
    public record Instance(
            String name, List<Map.Entry<String, String>> glossary, int candidates, int threshold, String promptKey)
            implements RunnableComponent {

        /** The matching definitions, best first. */
        public List<Map.Entry<String, String>> search(String query) {
            String q = Fuzzy.fullProcess(query.toLowerCase(java.util.Locale.ROOT));
            if (q.isEmpty()) {
                return List.of();
            }
            record Scored(Map.Entry<String, String> entry, int score, int position) {}
            List<Scored> scored = new ArrayList<>();
            for (int i = 0; i < glossary.size(); i++) {
                String term = Fuzzy.fullProcess(glossary.get(i).getKey().toLowerCase(java.util.Locale.ROOT));
                scored.add(new Scored(glossary.get(i), Fuzzy.partialRatio(q, term), i));
            }
            return scored.stream()
                    .sorted(Comparator.comparingInt(Scored::score).reversed().thenComparingInt(Scored::position))
                    .limit(candidates)
                    .filter(s -> s.score() >= threshold)
                    .map(Scored::entry)
                    .toList();
        }

        /** The text for the synthesizer prompt. */
        public String context(String query) {
            return Contexts.vocabulary(search(query));
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            throw DomainException.validation("'" + name + "' is a part of a RAG; it cannot run as a graph step");
        }
    }
}
