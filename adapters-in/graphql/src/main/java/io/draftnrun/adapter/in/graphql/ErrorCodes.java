package io.draftnrun.adapter.in.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gives every error of a response an {@code extensions.code}, mapping graphql-java's own classifications. */
final class ErrorCodes {
    private ErrorCodes() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> decorate(Map<String, Object> response) {
        Object errors = response.get("errors");
        if (!(errors instanceof List<?> list) || list.isEmpty()) {
            return response;
        }
        List<Object> decorated = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> error = new LinkedHashMap<>((Map<String, Object>) item);
            Map<String, Object> extensions = error.get("extensions") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m)
                    : new LinkedHashMap<>();
            if (!extensions.containsKey("code")) {
                Object classification = extensions.remove("classification");
                extensions.put("code", codeFor(classification));
            } else {
                extensions.remove("classification");
            }
            error.put("extensions", extensions);
            decorated.add(error);
        }
        Map<String, Object> copy = new LinkedHashMap<>(response);
        copy.put("errors", decorated);
        return copy;
    }

    static String codeFor(Object classification) {
        String name = classification == null ? "" : classification.toString();
        return switch (name) {
            // BadFaithIntrospection: graphql-java's good-faith check refused an introspection document (a field
            // such as __Type.fields repeated too often); IntrospectionDisabled: GRAPHQL_INTROSPECTION=false. Both are
            // the client's document, not a server fault.
            case "InvalidSyntax",
                    "ValidationError",
                    "ExecutionAborted",
                    "OperationNotSupported",
                    "BadFaithIntrospection",
                    "IntrospectionDisabled" -> "VALIDATION";
            default -> "INTERNAL";
        };
    }
}
