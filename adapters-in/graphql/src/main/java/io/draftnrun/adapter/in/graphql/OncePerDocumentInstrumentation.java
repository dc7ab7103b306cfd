package io.draftnrun.adapter.in.graphql;

import graphql.ExecutionResult;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.validation.ValidationError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs limits on an operation's shape (depth, complexity, aliases) once per document and operation rather than on every
 * request: they walk the whole query each time, a large part of a small operation's cost, and their verdict depends
 * only on the document, unless {@code @skip} or {@code @include} make the shape depend on the variables (then they run
 * every time). Documents are the parsed ones kept by the engine, the same instance for the same text. A refused
 * operation is refused again every time: only passes are remembered.
 */
final class OncePerDocumentInstrumentation extends SimplePerformantInstrumentation {
    static final int MAX = 1_000;

    private record Passed(Document document, String operation) {}

    private final Instrumentation limits;
    private final Map<Passed, Boolean> passed = new ConcurrentHashMap<>();

    OncePerDocumentInstrumentation(Instrumentation limits) {
        this.limits = limits;
    }

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        return limits.createStateAsync(parameters);
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(
            InstrumentationValidationParameters parameters, InstrumentationState state) {
        return limits.beginValidation(parameters, state);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        var context = parameters.getExecutionContext();
        String query = context.getExecutionInput().getQuery();
        boolean conditional = query.contains("@skip") || query.contains("@include");
        Passed key = conditional
                ? null
                : new Passed(
                        context.getDocument(),
                        String.valueOf(context.getOperationDefinition().getName()));
        if (key != null && passed.containsKey(key)) {
            return SimpleInstrumentationContext.noOp();
        }
        InstrumentationContext<ExecutionResult> checked =
                limits.beginExecuteOperation(parameters, state); // throws when the operation is over a limit
        if (key != null) {
            if (passed.size() >= MAX) {
                passed.clear();
            }
            passed.put(key, Boolean.TRUE);
        }
        return checked;
    }

    /** Operations remembered as within the limits (for tests). */
    int remembered() {
        return passed.size();
    }
}
