package io.draftnrun.adapter.in.graphql;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metric label of an operation: its type and root fields, e.g. {@code query:projectKpis+traces}. Only fields the
 * schema has are named, so clients cannot grow the label set; anything unparsable is {@code invalid}.
 */
final class GraphQlOperations {
    static final int MAX_CACHED = 1_000;
    static final int MAX_CACHED_LENGTH = 20_000;

    private final GraphQLSchema schema;
    /** Labels already worked out, by operation name and document (clients send the same few documents again). */
    private final Map<List<String>, String> labels = new ConcurrentHashMap<>();

    GraphQlOperations(GraphQLSchema schema) {
        this.schema = schema;
    }

    /**
     * The label of an operation of this schema, parsed once per document and operation name (a parse costs more than
     * the HTTP of a run).
     */
    String label(String document, String operationName) {
        if (document == null || document.length() > MAX_CACHED_LENGTH) {
            return label(schema, document, operationName);
        }
        List<String> key = Arrays.asList(operationName, document);
        String label = labels.get(key);
        if (label == null) {
            label = label(schema, document, operationName);
            if (labels.size() >= MAX_CACHED) {
                labels.clear(); // bounded: a client sending ever new documents only costs parses
            }
            labels.put(key, label);
        }
        return label;
    }

    /** How many labels are remembered (for tests). */
    int cached() {
        return labels.size();
    }

    static String label(GraphQLSchema schema, String document, String operationName) {
        try {
            Document parsed = Parser.parse(document);
            List<OperationDefinition> operations = parsed.getDefinitionsOfType(OperationDefinition.class);
            for (OperationDefinition op : operations) {
                boolean selected = operationName == null ? operations.size() == 1 : operationName.equals(op.getName());
                if (!selected) {
                    continue;
                }
                GraphQLObjectType root = switch (op.getOperation()) {
                    case QUERY -> schema.getQueryType();
                    case MUTATION -> schema.getMutationType();
                    case SUBSCRIPTION -> schema.getSubscriptionType();
                };
                TreeSet<String> fields = new TreeSet<>();
                for (Selection<?> selection : op.getSelectionSet().getSelections()) {
                    if (selection instanceof Field f) {
                        String name = f.getName();
                        fields.add(
                                name.startsWith("__")
                                        ? "introspection"
                                        : root != null && root.getFieldDefinition(name) != null ? name : "unknown");
                    }
                }
                return op.getOperation().name().toLowerCase(Locale.ROOT) + ":"
                        + (fields.isEmpty() ? "none" : String.join("+", fields));
            }
            return "invalid";
        } catch (InvalidSyntaxException e) {
            return "invalid";
        }
    }
}
