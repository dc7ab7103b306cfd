package io.draftnrun.adapter.in.graphql;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fails at start when the view records and the schema disagree: graphql-java's default fetcher reads a field from the
 * record component of the same name and answers null when there is none, so a renamed or misspelt field would
 * otherwise go unnoticed. Every object type must be served by a record its slice declares;
 * each of its fields must be a component of that record or have a wired fetcher; each component must be a field
 * unless the type has wired fetchers (which may read it).
 */
final class ViewCoverage {
    private ViewCoverage() {}

    /** @throws IllegalStateException listing every disagreement */
    static void check(GraphQLSchema schema, RuntimeWiring wiring, List<GraphQlSlice> slices) {
        List<String> problems = problems(schema, wiring, slices);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("GraphQL views do not match the schema: " + String.join("; ", problems));
        }
    }

    static List<String> problems(GraphQLSchema schema, RuntimeWiring wiring, List<GraphQlSlice> slices) {
        List<String> problems = new ArrayList<>();
        Map<String, Class<? extends Record>> views = new HashMap<>();
        for (GraphQlSlice slice : slices) {
            slice.views().forEach((type, record) -> {
                Class<? extends Record> before = views.putIfAbsent(type, record);
                if (before != null && before != record) {
                    problems.add(
                            type + " is served by both " + before.getSimpleName() + " and " + record.getSimpleName());
                }
            });
        }
        Set<String> roots = Stream.of(schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType())
                .filter(Objects::nonNull)
                .map(GraphQLObjectType::getName)
                .collect(Collectors.toSet());
        Set<String> objectTypes = new HashSet<>();
        for (GraphQLNamedType named : schema.getAllTypesAsList()) {
            if (!(named instanceof GraphQLObjectType type)
                    || type.getName().startsWith("__")
                    || roots.contains(type.getName())) {
                continue;
            }
            objectTypes.add(type.getName());
            Class<? extends Record> record = views.get(type.getName());
            if (record == null) {
                problems.add("no view record declared for type " + type.getName());
                continue;
            }
            problems.addAll(compare(
                    type, record, wiring.getDataFetchersForType(type.getName()).keySet()));
        }
        views.keySet().stream()
                .filter(name -> !objectTypes.contains(name))
                .sorted()
                .forEach(name -> problems.add("a view is declared for " + name + ", not an object type of the schema"));
        return problems;
    }

    /** What differs between one object type and the record serving it. */
    static List<String> compare(GraphQLObjectType type, Class<? extends Record> record, Set<String> wired) {
        List<String> problems = new ArrayList<>();
        Set<String> components = Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
        Set<String> fields = type.getFieldDefinitions().stream()
                .map(GraphQLFieldDefinition::getName)
                .collect(Collectors.toSet());
        fields.stream()
                .filter(field -> !components.contains(field) && !wired.contains(field))
                .sorted()
                .forEach(field -> problems.add(type.getName() + "." + field + " is neither a component of "
                        + record.getSimpleName() + " nor wired to a fetcher"));
        if (wired.isEmpty()) {
            components.stream()
                    .filter(component -> !fields.contains(component))
                    .sorted()
                    .forEach(component -> problems.add(
                            record.getSimpleName() + "." + component + " is not a field of " + type.getName()));
        }
        return problems;
    }
}
