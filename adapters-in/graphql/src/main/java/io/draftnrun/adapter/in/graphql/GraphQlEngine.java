package io.draftnrun.adapter.in.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.introspection.Introspection;
import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.draftnrun.adapter.in.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The executable schema: the root file {@code graphql/schema.graphqls} plus every slice's files, the slices' fetchers,
 * the request limits and the identity rule. Shared by HTTP and WebSocket transports.
 */
public final class GraphQlEngine {
    private final GraphQL graphQL;
    private final GraphQLSchema schema;
    private final GraphQlLimits limits;
    private final Set<String> publicFields;
    /** Documents parsed and validated before, by query text: clients send the same few operations again and again. */
    private final ValidatedDocuments documents = new ValidatedDocuments();
    /** Depth, complexity and alias limits, checked once per kept document and operation. */
    private final OncePerDocumentInstrumentation shapeLimits;

    public GraphQlEngine(List<GraphQlSlice> slices, GraphQlLimits limits) {
        this.limits = limits;
        Json.warmUp();
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        SchemaParser parser = new SchemaParser();
        registry.merge(parser.parse(resource("graphql/schema.graphqls")));
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(ExtendedScalars.Json)
                .scalar(ExtendedScalars.DateTime)
                .scalar(ExtendedScalars.GraphQLLong);
        Set<String> open = new HashSet<>();
        for (GraphQlSlice slice : slices) {
            for (String file : slice.schemaResources()) {
                registry.merge(parser.parse(resource(file)));
            }
            slice.register(wiring);
            open.addAll(slice.publicFields());
        }
        this.publicFields = Set.copyOf(open);
        RuntimeWiring runtimeWiring = wiring.build();
        this.schema = new SchemaGenerator().makeExecutableSchema(registry, runtimeWiring);
        checkWiringCoverage(schema, runtimeWiring);
        this.shapeLimits = new OncePerDocumentInstrumentation(new ChainedInstrumentation(List.of(
                new MaxQueryDepthInstrumentation(limits.maxDepth()),
                new MaxQueryComplexityInstrumentation(limits.maxComplexity()),
                new AliasLimitInstrumentation(limits.maxAliases()))));
        this.graphQL = GraphQL.newGraphQL(schema)
                .instrumentation(new ChainedInstrumentation(
                        List.of(shapeLimits, new IdentityRequiredInstrumentation(publicFields))))
                .defaultDataFetcherExceptionHandler(new DomainErrorHandler())
                .preparsedDocumentProvider(documents)
                .build();
    }

    /**
     * Keeps the parsed and validated documents of queries that passed validation (up to {@value #MAX} of them, each
     * at most {@value #MAX_QUERY_LENGTH} characters; past that, starts again empty). Parsing and validating were a
     * large part of a small operation's cost. Documents with errors are not kept.
     */
    static final class ValidatedDocuments implements PreparsedDocumentProvider {
        static final int MAX = 1_000;
        static final int MAX_QUERY_LENGTH = 20_000;
        private final Map<String, PreparsedDocumentEntry> entries = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
                ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
            String query = input.getQuery();
            PreparsedDocumentEntry entry = entries.get(query);
            if (entry == null) {
                entry = parseAndValidate.apply(input);
                if (!entry.hasErrors() && query.length() <= MAX_QUERY_LENGTH) {
                    if (entries.size() >= MAX) {
                        entries.clear();
                    }
                    entries.put(query, entry);
                }
            }
            return CompletableFuture.completedFuture(entry);
        }

        int size() {
            return entries.size();
        }
    }

    /** How many operations are remembered as within the shape limits (for tests). */
    int rememberedWithinLimits() {
        return shapeLimits.remembered();
    }

    /** How many validated documents are kept (for tests). */
    int cachedDocuments() {
        return documents.size();
    }

    /**
     * Fails at start when a root field (Query, Mutation, Subscription) has no fetcher, or when a fetcher is wired to a
     * type or field the schema does not have (a renamed field would otherwise silently answer null).
     */
    static void checkWiringCoverage(GraphQLSchema schema, RuntimeWiring wiring) {
        List<String> problems = new ArrayList<>();
        wiring.getDataFetchers().forEach((typeName, fetchers) -> {
            graphql.schema.GraphQLType type = schema.getType(typeName);
            if (!(type instanceof graphql.schema.GraphQLFieldsContainer container)) {
                problems.add("fetchers wired to unknown type " + typeName);
                return;
            }
            for (String field : fetchers.keySet()) {
                if (container.getFieldDefinition(field) == null) {
                    problems.add("fetcher wired to missing field " + typeName + "." + field);
                }
            }
        });
        for (graphql.schema.GraphQLObjectType root : java.util.stream.Stream.of(
                        schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType())
                .filter(java.util.Objects::nonNull)
                .toList()) {
            Map<String, graphql.schema.DataFetcher> wired = wiring.getDataFetchersForType(root.getName());
            for (graphql.schema.GraphQLFieldDefinition field : root.getFieldDefinitions()) {
                if (!wired.containsKey(field.getName())) {
                    problems.add("no fetcher for " + root.getName() + "." + field.getName());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("GraphQL wiring does not match the schema: " + String.join("; ", problems));
        }
    }

    public GraphQLSchema schema() {
        return schema;
    }

    public GraphQlLimits limits() {
        return limits;
    }

    /** Root fields open to anonymous callers ({@code Type.field}). */
    public Set<String> publicFields() {
        return publicFields;
    }

    /** Executes one operation; never throws for a bad document (errors are in the result). */
    public ExecutionResult execute(GraphQlRequest request, RequestContext context) {
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(request.query())
                .operationName(request.operationName())
                .variables(request.variables() == null ? Map.of() : request.variables())
                .graphQLContext(b -> {
                    b.put(RequestContext.KEY, context);
                    if (!limits.introspection()) {
                        b.put(Introspection.INTROSPECTION_DISABLED, true);
                    }
                })
                .build();
        return graphQL.execute(input);
    }

    /** The result as the specification's response map, with every error carrying {@code extensions.code}. */
    public static Map<String, Object> toResponse(ExecutionResult result) {
        return ErrorCodes.decorate(result.toSpecification());
    }

    private static String resource(String name) {
        try (InputStream in = GraphQlEngine.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("GraphQL schema file missing from the classpath: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A parsed GraphQL-over-HTTP request. */
    public record GraphQlRequest(String query, String operationName, Map<String, Object> variables) {
        public GraphQlRequest {
            variables = variables == null ? Map.of() : variables;
        }

        public static List<GraphQlRequest> single(GraphQlRequest request) {
            List<GraphQlRequest> list = new ArrayList<>();
            list.add(request);
            return list;
        }
    }
}
