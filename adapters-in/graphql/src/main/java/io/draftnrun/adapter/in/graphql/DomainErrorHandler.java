package io.draftnrun.adapter.in.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import io.draftnrun.adapter.in.http.Outages;
import io.draftnrun.adapter.in.http.RequestIds;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.shared.InvalidInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions of fetchers into GraphQL errors: a DomainException gives its code and message; an outage an adapter
 * did not translate ({@link Outages}) is {@code UNAVAILABLE}; anything else is {@code INTERNAL} with the request's id
 * ({@link RequestIds}) as correlation id, also in the log, never a stack trace to the client.
 */
final class DomainErrorHandler implements DataFetcherExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DomainErrorHandler.class);

    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
            DataFetcherExceptionHandlerParameters parameters) {
        Throwable error = unwrap(parameters.getException());
        GraphQLError graphQlError = toError(error, parameters);
        return CompletableFuture.completedFuture(
                DataFetcherExceptionHandlerResult.newResult(graphQlError).build());
    }

    /** The id of the request ({@link RequestIds}), so a client that sent {@code X-Request-Id} finds its error. */
    private static String requestId(DataFetcherExceptionHandlerParameters parameters) {
        RequestContext context = parameters.getDataFetchingEnvironment() == null
                ? null
                : parameters.getDataFetchingEnvironment().getGraphQlContext().get(RequestContext.KEY);
        return context == null ? UUID.randomUUID().toString() : context.requestId();
    }

    static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof java.util.concurrent.ExecutionException)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static GraphQLError toError(Throwable error, DataFetcherExceptionHandlerParameters parameters) {
        if (!(error instanceof DomainException) && Outages.isOutage(error)) {
            LOG.warn("{} unavailable: {}", parameters.getPath(), error.toString());
            error = Outages.unavailable(error);
        }
        GraphqlErrorBuilder<?> builder =
                GraphqlErrorBuilder.newError().path(parameters.getPath()).location(parameters.getSourceLocation());
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (error instanceof DomainException domain) {
            extensions.put("code", domain.code().name());
            if (error instanceof InvalidInput invalid) {
                extensions.put(
                        "violations",
                        invalid.violations().stream()
                                .map(v -> Map.of("path", v.path(), "message", v.message()))
                                .toList());
            }
            return builder.message(domain.getMessage()).extensions(extensions).build();
        }
        String correlationId = requestId(parameters);
        LOG.error("internal error {} in {}", correlationId, parameters.getPath(), error);
        extensions.put("code", ErrorCode.INTERNAL.name());
        extensions.put("correlationId", correlationId);
        return builder.message("internal error (correlation id " + correlationId + ")")
                .extensions(extensions)
                .build();
    }
}
