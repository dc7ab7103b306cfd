package io.draftnrun.adapter.in.graphql;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLObjectType;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.Set;

/**
 * Every root field (Query, Mutation, Subscription) requires an authenticated actor unless it is on the public list.
 * Organization membership and role are then checked by the use case itself.
 */
final class IdentityRequiredInstrumentation extends SimplePerformantInstrumentation {
    private final Set<String> publicFields;

    IdentityRequiredInstrumentation(Set<String> publicFields) {
        this.publicFields = publicFields;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(
            DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        if (parameters.isTrivialDataFetcher()) {
            return dataFetcher;
        }
        DataFetchingEnvironment env = parameters.getEnvironment();
        if (!(env.getParentType() instanceof GraphQLObjectType parent) || !isRoot(env, parent)) {
            return dataFetcher;
        }
        String field = parent.getName() + "." + env.getField().getName();
        if (publicFields.contains(field)) {
            return dataFetcher;
        }
        return e -> {
            RequestContext context = e.getGraphQlContext().get(RequestContext.KEY);
            if (context == null || !context.authenticated()) {
                throw new DomainException(ErrorCode.UNAUTHENTICATED, "sign in to use " + field);
            }
            return dataFetcher.get(e);
        };
    }

    private static boolean isRoot(DataFetchingEnvironment env, GraphQLObjectType parent) {
        var schema = env.getGraphQLSchema();
        return parent == schema.getQueryType()
                || parent == schema.getMutationType()
                || parent == schema.getSubscriptionType();
    }
}
