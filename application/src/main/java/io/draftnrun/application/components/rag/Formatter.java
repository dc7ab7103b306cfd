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
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formatter (spec 3.4): renumbers the citations {@code [n]} / {@code [n, m]} of an answer 1..k in order of first
 * appearance, empties numbers beyond the sources ({@code [1,99,2]} becomes {@code [1,,2]}), keeps only the cited
 * sources in their new order, and with {@code add_sources} appends a "Sources:" list. Sources of our own ingestion are
 * listed as {@code [1] handbook.pdf, page 3 — <link>} (document name, pages, a link that opens the document); other
 * sources keep the reference's {@code [1] <url|title page N>}.
 */
public final class Formatter implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("079512c6-28e2-455f-af2c-f196015534bd");
    public static final String NAME = "Formatter";
    public static final String ADD_SOURCES = "add_sources";
    static final String PAGE_NUMBER_FIELD = "PAGE_NUMBER";
    static final String BOUNDING_BOXES_FIELD = "bounding_boxes";
    static final String DOCUMENT_TITLE_FIELD = "document_title";
    static final String PAGE_NUMBERS_FIELD = "page_numbers";
    private static final Pattern CITATION = Pattern.compile("\\[\\s*\\d+(?:\\s*,\\s*\\d+)*\\s*]");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Renumbers the citations of a RAG answer and can list the cited sources.")
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(ParameterDefinition.builder(ADD_SOURCES, ParameterType.BOOLEAN)
                    .defaultValue(false)
                    .order(0)
                    .ui(UiComponent.CHECKBOX, Map.of("label", "Add sources"))
                    .build()))
            .build();

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        return new Instance(
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                spec.parameters().bool(ADD_SOURCES, false));
    }

    /** A formatter instance; the RAG uses one without source list when none is attached. */
    public record Instance(String name, boolean addSources) implements RunnableComponent {
        public SourcedResponse format(SourcedResponse response) {
            if (response.sources().isEmpty()) {
                return response;
            }
            SourcedResponse renumbered = renumber(response);
            return addSources ? withSourceList(renumbered) : renumbered;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            throw DomainException.validation("'" + name + "' is a part of a RAG; it cannot run as a graph step");
        }
    }

    static SourcedResponse renumber(SourcedResponse response) {
        int count = response.sources().size();
        Map<Integer, String> mapping = new LinkedHashMap<>();
        int next = 1;
        Matcher m = CITATION.matcher(response.response());
        while (m.find()) {
            Matcher n = NUMBER.matcher(m.group());
            while (n.find()) {
                int number = Integer.parseInt(n.group());
                if (number > count) {
                    mapping.put(number, "");
                } else if (!mapping.containsKey(number)) {
                    mapping.put(number, String.valueOf(next++));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        m = CITATION.matcher(response.response());
        while (m.find()) {
            List<String> numbers = new ArrayList<>();
            Matcher n = NUMBER.matcher(m.group());
            while (n.find()) {
                numbers.add(mapping.get(Integer.parseInt(n.group())));
            }
            m.appendReplacement(out, Matcher.quoteReplacement("[" + String.join(",", numbers) + "]"));
        }
        m.appendTail(out);
        List<Map.Entry<Integer, String>> used = mapping.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByValue((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))))
                .toList();
        // a citation [0] maps like the reference's Python index -1: the last source
        List<SourceChunk> sources = used.stream()
                .map(e -> response.sources().get(Math.floorMod(e.getKey() - 1, count)))
                .toList();
        return new SourcedResponse(out.toString(), sources, response.isSuccessful());
    }

    static SourcedResponse withSourceList(SourcedResponse response) {
        if (response.sources().isEmpty()) {
            return new SourcedResponse(response.response(), List.of(), response.isSuccessful());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < response.sources().size(); i++) {
            lines.add(citation(response.sources().get(i), i + 1));
        }
        return new SourcedResponse(
                response.response() + "\nSources:\n" + String.join("\n", lines) + "\n",
                response.sources(),
                response.isSuccessful());
    }

    static String citation(SourceChunk source, int number) {
        if (source.metadata().containsKey(PAGE_NUMBERS_FIELD)) {
            return ingestedCitation(source, number);
        }
        Object title = source.metadata().get(DOCUMENT_TITLE_FIELD);
        String document = title != null ? String.valueOf(title) : source.documentName();
        Object boxes = source.metadata().get(BOUNDING_BOXES_FIELD);
        if (boxes != null) {
            Object parsed = boxes instanceof String s ? Json.parse(s) : boxes;
            TreeSet<String> pages = new TreeSet<>();
            if (parsed instanceof List<?> list) {
                for (Object box : list) {
                    if (box instanceof Map<?, ?> b && b.get("page") != null) {
                        pages.add(String.valueOf(b.get("page")));
                    }
                }
            }
            document = document + ": pages " + String.join(",", pages);
        }
        String link = source.url().isEmpty() ? "" : source.url() + "|";
        String citation = "[" + number + "] <" + link + document;
        if (source.metadata().containsKey(PAGE_NUMBER_FIELD)) {
            citation += " page " + source.metadata().get(PAGE_NUMBER_FIELD);
        }
        return citation + ">";
    }

    /**
     * A chunk of our own ingestion (it lists its {@code page_numbers}): {@code [n] name, page 3 — link}, {@code pages
     * 2, 3} when it spans pages, no page for formats without pages, no link when none could be minted.
     */
    static String ingestedCitation(SourceChunk source, int number) {
        StringBuilder line = new StringBuilder("[").append(number).append("] ");
        line.append(source.documentName().isBlank() ? source.name() : source.documentName());
        TreeSet<Integer> pages = new TreeSet<>();
        if (source.metadata().get(PAGE_NUMBERS_FIELD) instanceof List<?> list) {
            for (Object page : list) {
                if (page instanceof Number n) {
                    pages.add(n.intValue());
                }
            }
        }
        if (pages.size() == 1) {
            line.append(", page ").append(pages.first());
        } else if (pages.size() > 1) {
            line.append(", pages ")
                    .append(String.join(
                            ", ", pages.stream().map(String::valueOf).toList()));
        }
        if (!source.url().isEmpty()) {
            line.append(" \u2014 ").append(source.url());
        }
        return line.toString();
    }
}
