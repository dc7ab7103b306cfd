package io.draftnrun.adapter.in.graphql;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The metric label of an operation: its type and root fields, e.g. {@code query:projectKpis+traces}. Only fields the
 * schema has are named, so clients cannot grow the label set; anything unparsable is {@code invalid}.
 */
final class GraphQlOperations {
    private GraphQlOperations() {}

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
