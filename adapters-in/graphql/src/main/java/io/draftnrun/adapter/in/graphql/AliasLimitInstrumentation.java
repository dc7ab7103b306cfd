package io.draftnrun.adapter.in.graphql;

import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Refuses operations with more aliased fields than allowed (the alias-amplification attack). */
final class AliasLimitInstrumentation extends SimplePerformantInstrumentation {
    private final int maxAliases;

    AliasLimitInstrumentation(int maxAliases) {
        this.maxAliases = maxAliases;
    }

    @Override
    public InstrumentationContext<graphql.ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        var context = parameters.getExecutionContext();
        int count = count(
                context.getOperationDefinition().getSelectionSet(), context.getFragmentsByName(), new HashSet<>());
        if (count > maxAliases) {
            throw new AbortExecutionException(
                    "the operation uses " + count + " aliases; at most " + maxAliases + " are allowed");
        }
        return SimpleInstrumentationContext.noOp();
    }

    private static int count(SelectionSet set, Map<String, FragmentDefinition> fragments, Set<String> visited) {
        if (set == null) {
            return 0;
        }
        int n = 0;
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field field) {
                if (field.getAlias() != null) {
                    n++;
                }
                n += count(field.getSelectionSet(), fragments, visited);
            } else if (selection instanceof InlineFragment inline) {
                n += count(inline.getSelectionSet(), fragments, visited);
            } else if (selection instanceof FragmentSpread spread && visited.add(spread.getName())) {
                FragmentDefinition definition = fragments.get(spread.getName());
                if (definition != null) {
                    n += count(definition.getSelectionSet(), fragments, visited);
                }
            }
        }
        return n;
    }
}
