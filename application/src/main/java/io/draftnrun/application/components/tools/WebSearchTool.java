package io.draftnrun.application.components.tools;

import io.draftnrun.application.components.llm.LlmParameters;
import io.draftnrun.application.llm.BuiltInModels;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.ResolvedCredentials;
import io.draftnrun.application.llm.WebSearchResult;
import io.draftnrun.application.llm.port.WebSearchProvider;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.ToolSpecs;
import io.draftnrun.application.trace.SpanHandle;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.ToolSpec;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.trace.SpanKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Internet Search with OpenAI (spec 3.11): asks an OpenAI model that searches the web ({@link WebSearchProvider}) and
 * answers with its text. The tool argument {@code query} falls back to the last message. Only {@code openai:} models.
 */
public final class WebSearchTool implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("d6020df0-a7e0-4d82-b731-0a653beef2e6");
    public static final String NAME = "Internet Search with OpenAI";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("Searches the web with an OpenAI model and answers with what it found.")
            .functionCallable(true)
            .releaseStage(ReleaseStage.BETA)
            .parameters(List.of(
                    ParameterDefinition.builder(LlmParameters.COMPLETION_MODEL, ParameterType.LLM_MODEL)
                            .defaultValue(LlmParameters.DEFAULT_MODEL)
                            .needsModel(io.draftnrun.domain.llm.ModelCapability.WEB_SEARCH)
                            .order(0)
                            .ui(
                                    UiComponent.SELECT,
                                    Map.of(
                                            "label",
                                            "Model Name",
                                            "options",
                                            List.of(
                                                    "openai:gpt-4.1",
                                                    "openai:gpt-4.1-mini",
                                                    "openai:gpt-4o",
                                                    "openai:gpt-4o-mini")))
                            .build(),
                    ParameterDefinition.builder(LlmParameters.API_KEY, ParameterType.LLM_API_KEY)
                            .build()))
            .defaultToolDescription(new ToolDescription(
                    "Web_Search_Tool",
                    "Searches the internet for up-to-date information.",
                    Map.of("query", Map.of("type", "string", "description", "What to search for")),
                    List.of("query")))
            .build();

    private final LlmCalls llm;
    private final WebSearchProvider search;

    /** @param llm resolves credentials and checks the platform-key allowance */
    public WebSearchTool(LlmCalls llm, WebSearchProvider search) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.search = Objects.requireNonNull(search, "search");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ModelReference model = LlmParameters.model(spec.parameters());
        if (!model.provider().equals(BuiltInModels.OPENAI)) {
            throw DomainException.validation(
                    NAME + " needs an OpenAI model (openai:...), not '" + model + "': only OpenAI searches the web");
        }
        return new Instance(
                llm,
                search,
                spec.instanceName().isBlank() ? NAME : spec.instanceName(),
                model,
                LlmParameters.apiKey(spec.parameters()),
                ToolSpecs.of(spec.toolDescription()));
    }

    private record Instance(
            LlmCalls llm,
            WebSearchProvider search,
            String name,
            ModelReference model,
            Optional<String> apiKey,
            ToolSpec toolSpec)
            implements FunctionCallable {

        @Override
        public SpanKind spanKind() {
            return SpanKind.TOOL;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            return search(inputs.isEmpty() ? "" : inputs.getLast().lastMessageText(), ctx);
        }

        @Override
        public Payload callAsTool(Map<String, Object> arguments, Payload originalInput, RunContext ctx) {
            Object query = arguments.get("query");
            return search(query == null ? originalInput.lastMessageText() : String.valueOf(query), ctx);
        }

        private Payload search(String query, RunContext ctx) {
            ctx.checkActive();
            if (query.isBlank()) {
                throw DomainException.validation(name + " needs a query");
            }
            ResolvedCredentials resolved = apiKey.isPresent()
                    ? new ResolvedCredentials(new ProviderCredentials(apiKey, Optional.empty()), false)
                    : llm.resolveAllowed(ctx.organizationId(), model);
            try (SpanHandle span = ctx.span("Web search", SpanKind.LLM)) {
                span.llm(model.provider(), model.model(), resolved.platformKey());
                span.input(query);
                Duration left = ctx.remaining();
                Duration timeout = left.isZero() || left.compareTo(TIMEOUT) > 0 ? TIMEOUT : left;
                try {
                    WebSearchResult result = search.search(model, resolved.credentials(), query, timeout);
                    span.tokens(result.usage().promptTokens(), result.usage().completionTokens());
                    span.output(result.text());
                    span.end();
                    return Payload.assistant(result.text());
                } catch (RuntimeException e) {
                    span.fail(e);
                    throw e;
                }
            }
        }
    }
}
