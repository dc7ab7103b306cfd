package io.draftnrun.domain.graph;

import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentDefinitions;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.graph.GraphViolation.Kind;
import io.draftnrun.domain.llm.ModelCapability;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.shared.DomainException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Checks a graph version against the component catalog and returns every violation at once (an empty list means
 * valid): unknown components or parameters, values of the wrong type, missing required values and slot children,
 * slot children not allowed, relationships and edges naming unknown nodes, cycles among data edges, no start node,
 * duplicate ids; and, against the {@link GraphReferences} it is given, the values: components the organization may
 * not use, unknown models or models without the capability a parameter needs, URLs that are not http(s), secrets and
 * knowledge sources the organization does not have, null given for a required parameter. Pure; nothing is written by
 * whoever calls it when the list is not empty.
 */
public final class GraphValidator {
    private final ComponentDefinitions catalog;
    private final GraphReferences references;

    /** Checks the graph's shape and types only (every reference is taken as valid). */
    public GraphValidator(ComponentDefinitions catalog) {
        this(catalog, GraphReferences.UNCHECKED);
    }

    public GraphValidator(ComponentDefinitions catalog, GraphReferences references) {
        this.catalog = catalog;
        this.references = references;
    }

    public List<GraphViolation> validate(GraphVersion graph) {
        return validate(graph, Map.of());
    }

    /**
     * @param nulled per node, the parameters the client gave as {@code null} (left out of the node): refused for a
     *     required parameter, as a missing value is
     */
    public List<GraphViolation> validate(GraphVersion graph, Map<NodeId, Set<String>> nulled) {
        List<GraphViolation> violations = new ArrayList<>();
        Map<NodeId, Node> nodes = new HashMap<>();
        for (Node node : graph.nodes()) {
            if (nodes.putIfAbsent(node.id(), node) != null) {
                violations.add(new GraphViolation(
                        Kind.DUPLICATE_ID, nodePath(node.id()), "node id " + node.id() + " is used twice"));
            }
        }
        Map<NodeId, ComponentDefinition> components = new HashMap<>();
        for (Node node : nodes.values()) {
            Optional<ComponentDefinition> definition = catalog.find(node.componentId());
            if (definition.isEmpty()) {
                violations.add(new GraphViolation(
                        Kind.UNKNOWN_COMPONENT,
                        nodePath(node.id()) + ".componentId",
                        "no component " + node.componentId() + " in the catalog"));
                continue;
            }
            components.put(node.id(), definition.get());
            references
                    .refusal(definition.get())
                    .ifPresent(why -> violations.add(new GraphViolation(
                            Kind.COMPONENT_NOT_AVAILABLE,
                            nodePath(node.id()) + ".componentId",
                            "component " + definition.get().name() + " is not available to this organization: "
                                    + why)));
            checkParameters(node, definition.get(), violations);
            checkNulls(node, definition.get(), nulled.getOrDefault(node.id(), Set.of()), violations);
        }
        checkRelationships(graph, nodes, components, violations);
        checkEdges(graph, nodes, violations);
        if (!graph.nodes().isEmpty() && graph.nodes().stream().noneMatch(Node::startNode)) {
            violations.add(new GraphViolation(Kind.NO_START_NODE, "nodes", "no node is marked as start node"));
        }
        if (graph.nodes().isEmpty()) {
            violations.add(new GraphViolation(Kind.NO_START_NODE, "nodes", "the graph has no node"));
        }
        return List.copyOf(violations);
    }

    private void checkParameters(Node node, ComponentDefinition definition, List<GraphViolation> violations) {
        for (Map.Entry<String, ParameterValue> entry : node.parameters().entrySet()) {
            String path = nodePath(node.id()) + ".parameters." + entry.getKey();
            Optional<ParameterDefinition> parameter = definition.parameter(entry.getKey());
            if (parameter.isEmpty()) {
                violations.add(new GraphViolation(
                        Kind.UNKNOWN_PARAMETER,
                        path,
                        "component " + definition.name() + " has no parameter " + entry.getKey()));
                continue;
            }
            Optional<String> typeError = typeError(parameter.get(), entry.getValue());
            if (typeError.isPresent()) {
                violations.add(new GraphViolation(Kind.WRONG_TYPE, path, typeError.get()));
                continue;
            }
            checkValue(parameter.get(), definition, entry.getValue(), path, violations);
        }
        for (ParameterDefinition parameter : definition.parameters()) {
            if (parameter.requiresValue() && !node.parameters().containsKey(parameter.name())) {
                violations.add(new GraphViolation(
                        Kind.MISSING_REQUIRED_VALUE,
                        nodePath(node.id()) + ".parameters." + parameter.name(),
                        "parameter " + parameter.name() + " of " + definition.name() + " needs a value"));
            }
        }
    }

    /** A value of the right type checked against what it refers to: model, URL, secrets, source. */
    private void checkValue(
            ParameterDefinition parameter,
            ComponentDefinition component,
            ParameterValue value,
            String path,
            List<GraphViolation> violations) {
        switch (value) {
            case ParameterValue.OrderedList list ->
                list.items().forEach(item -> checkValue(parameter, component, item, path, violations));
            case ParameterValue.SecretReference secret -> {
                if (!references.secretExists(secret.secretKey())) {
                    violations.add(unknownSecret(path, secret.secretKey()));
                }
            }
            case ParameterValue.Literal literal -> {
                Object json = literal.json();
                if (parameter.type() == ParameterType.LLM_MODEL) {
                    checkModel(parameter, component, String.valueOf(json), path, violations);
                }
                if (parameter.type() == ParameterType.DATA_SOURCE) {
                    checkSource(json, path, violations);
                }
                if (parameter.httpUrl()) {
                    httpUrlError(String.valueOf(json))
                            .ifPresent(why -> violations.add(
                                    new GraphViolation(Kind.INVALID_VALUE, path, parameter.name() + " " + why)));
                }
                if (parameter.secretPlaceholders()) {
                    for (String name : SecretPlaceholders.names(json)) {
                        if (!references.secretExists(name)) {
                            violations.add(unknownSecret(path, name));
                        }
                    }
                }
            }
        }
    }

    private static GraphViolation unknownSecret(String path, String name) {
        return new GraphViolation(
                Kind.UNKNOWN_SECRET,
                path,
                "the organization has no secret '" + name + "' (set it with setOrganizationSecret first)");
    }

    private void checkModel(
            ParameterDefinition parameter,
            ComponentDefinition component,
            String text,
            String path,
            List<GraphViolation> violations) {
        ModelReference model;
        try {
            model = ModelReference.parse(text);
        } catch (DomainException e) {
            violations.add(new GraphViolation(Kind.WRONG_TYPE, path, e.getMessage()));
            return;
        }
        Optional<Set<ModelCapability>> capabilities = references.model(model);
        if (capabilities.isEmpty()) {
            violations.add(new GraphViolation(
                    Kind.UNKNOWN_MODEL,
                    path,
                    "no model '" + model + "' on this server (the llmModels query lists them; custom_models.json"
                            + " declares more)"));
            return;
        }
        Set<String> lacking = new TreeSet<>();
        for (ModelCapability needed : parameter.modelCapabilities()) {
            if (!capabilities.get().contains(needed)) {
                lacking.add(needed.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (!lacking.isEmpty()) {
            violations.add(new GraphViolation(
                    Kind.MODEL_LACKS_CAPABILITY,
                    path,
                    "model '" + model + "' lacks " + String.join(", ", lacking) + ", which " + parameter.name() + " of "
                            + component.name() + " needs"));
        }
    }

    private void checkSource(Object json, String path, List<GraphViolation> violations) {
        if (json instanceof String text && text.strip().startsWith("{")) {
            return; // an object given as JSON text: the run reads it; the editor sends objects or ids
        }
        Object id = json instanceof Map<?, ?> m ? m.get("id") : json;
        UUID source;
        try {
            source = UUID.fromString(String.valueOf(id).strip());
        } catch (IllegalArgumentException e) {
            violations.add(new GraphViolation(
                    Kind.WRONG_TYPE,
                    path,
                    "a data source is named by its id (a UUID), not '" + abbreviate(String.valueOf(id)) + "'"));
            return;
        }
        if (!references.sourceExists(source)) {
            violations.add(new GraphViolation(
                    Kind.UNKNOWN_SOURCE, path, "the organization has no knowledge source " + source));
        }
    }

    /** Why the text is not an absolute http(s) URL with a host, if it is not. */
    static Optional<String> httpUrlError(String text) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a valid URL: '" + abbreviate(text) + "'");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return Optional.of("must be an http or https URL, not "
                    + (scheme == null ? "a relative one" : "a " + abbreviate(scheme) + ": URL"));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("must name a host, like https://api.example.com/path");
        }
        return Optional.empty();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static void checkNulls(
            Node node, ComponentDefinition definition, Set<String> nulled, List<GraphViolation> violations) {
        for (String name : nulled) {
            String path = nodePath(node.id()) + ".parameters." + name;
            Optional<ParameterDefinition> parameter = definition.parameter(name);
            if (parameter.isEmpty()) {
                violations.add(new GraphViolation(
                        Kind.UNKNOWN_PARAMETER, path, "component " + definition.name() + " has no parameter " + name));
            } else if (!parameter.get().nullable()
                    && !parameter.get().requiresValue() // a missing required value is reported once, below
                    && !parameter.get().type().isSlot()
                    && !node.parameters().containsKey(name)) {
                violations.add(new GraphViolation(
                        Kind.MISSING_REQUIRED_VALUE,
                        path,
                        "parameter " + name + " of " + definition.name()
                                + " is required and cannot be null (leave it out to use its default)"));
            }
        }
    }

    /** Why {@code value} does not fit {@code parameter}'s type, if it does not. */
    static Optional<String> typeError(ParameterDefinition parameter, ParameterValue value) {
        ParameterType type = parameter.type();
        if (type.isSlot()) {
            return Optional.of(parameter.name() + " is a slot filled by child nodes, not by a value");
        }
        if (value instanceof ParameterValue.OrderedList list) {
            for (ParameterValue item : list.items()) {
                Optional<String> error = typeError(parameter, item);
                if (error.isPresent()) {
                    return error;
                }
            }
            return Optional.empty();
        }
        if (value instanceof ParameterValue.SecretReference) {
            return type.isSecret()
                    ? Optional.empty()
                    : Optional.of(parameter.name() + " is a " + type.wireName() + ", not a secret reference");
        }
        Object json = ((ParameterValue.Literal) value).json();
        if (type.isSecret()) {
            return Optional.of(parameter.name() + " takes a reference to an organization secret, never a value");
        }
        boolean fits = switch (type) {
            case STRING, LLM_MODEL -> json instanceof String || json instanceof Number || json instanceof Boolean;
            case INTEGER -> isInteger(json);
            case FLOAT -> json instanceof Number || (json instanceof String s && parsesAsDouble(s));
            case BOOLEAN ->
                json instanceof Boolean
                        || (json instanceof String s
                                && Set.of("true", "false", "1", "0").contains(s.toLowerCase()));
            case JSON -> true;
            case DATA_SOURCE -> json instanceof String || (json instanceof Map<?, ?> m && m.get("id") != null);
            default -> false;
        };
        return fits ? Optional.empty() : Optional.of(parameter.name() + " expects a " + type.wireName() + " value");
    }

    private static boolean isInteger(Object json) {
        if (json instanceof Integer || json instanceof Long || json instanceof Short || json instanceof BigInteger) {
            return true;
        }
        if (json instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0;
        }
        if (json instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite();
        }
        if (json instanceof String s) {
            try {
                Long.parseLong(s.trim());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean parsesAsDouble(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void checkRelationships(
            GraphVersion graph,
            Map<NodeId, Node> nodes,
            Map<NodeId, ComponentDefinition> components,
            List<GraphViolation> violations) {
        Set<String> seen = new HashSet<>();
        Map<NodeId, Set<String>> filledSlots = new HashMap<>();
        for (int i = 0; i < graph.relationships().size(); i++) {
            Relationship r = graph.relationships().get(i);
            String path = "relationships[" + i + "]";
            if (!seen.add(r.parent() + "/" + r.child() + "/" + r.slot())) {
                violations.add(new GraphViolation(
                        Kind.DUPLICATE_ID, path, "the same child fills slot " + r.slot() + " twice"));
            }
            boolean known = true;
            for (NodeId end : List.of(r.parent(), r.child())) {
                if (!nodes.containsKey(end)) {
                    violations.add(new GraphViolation(
                            Kind.RELATIONSHIP_TO_UNKNOWN_NODE, path, "no node " + end + " in this graph"));
                    known = false;
                }
            }
            if (!known) {
                continue;
            }
            if (r.parent().equals(r.child())) {
                violations.add(new GraphViolation(Kind.CYCLE, path, "a node cannot fill its own slot"));
                continue;
            }
            ComponentDefinition parent = components.get(r.parent());
            ComponentDefinition child = components.get(r.child());
            if (parent == null || child == null) {
                continue; // unknown component already reported
            }
            Optional<ParameterDefinition> slot = parent.parameter(r.slot());
            if (slot.isEmpty() || !slot.get().type().isSlot()) {
                violations.add(new GraphViolation(
                        Kind.UNKNOWN_PARAMETER,
                        path + ".slot",
                        "component " + parent.name() + " has no slot " + r.slot()));
                continue;
            }
            filledSlots.computeIfAbsent(r.parent(), k -> new HashSet<>()).add(r.slot());
            boolean allowed = slot.get().type() == ParameterType.TOOL
                    ? child.functionCallable()
                    : slot.get().allowedChildren().contains(child.id());
            if (!allowed) {
                violations.add(new GraphViolation(
                        Kind.SLOT_CHILD_NOT_ALLOWED,
                        path,
                        child.name() + " may not fill slot " + r.slot() + " of " + parent.name()));
            }
        }
        for (Map.Entry<NodeId, ComponentDefinition> entry : components.entrySet()) {
            for (ParameterDefinition slot : entry.getValue().slots()) {
                if (slot.requiresChild()
                        && !filledSlots.getOrDefault(entry.getKey(), Set.of()).contains(slot.name())) {
                    violations.add(new GraphViolation(
                            Kind.MISSING_REQUIRED_VALUE,
                            nodePath(entry.getKey()) + ".slots." + slot.name(),
                            "slot " + slot.name() + " of " + entry.getValue().name() + " needs a child"));
                }
            }
        }
    }

    private static void checkEdges(GraphVersion graph, Map<NodeId, Node> nodes, List<GraphViolation> violations) {
        Set<EdgeId> edgeIds = new HashSet<>();
        boolean dangling = false;
        for (Edge edge : graph.edges()) {
            String path = "edges[" + edge.id() + "]";
            if (!edgeIds.add(edge.id())) {
                violations.add(new GraphViolation(Kind.DUPLICATE_ID, path, "edge id " + edge.id() + " is used twice"));
            }
            if (!nodes.containsKey(edge.source())) {
                violations.add(new GraphViolation(
                        Kind.EDGE_TO_UNKNOWN_NODE, path + ".source", "no node " + edge.source() + " in this graph"));
                dangling = true;
            }
            if (!nodes.containsKey(edge.target())) {
                violations.add(new GraphViolation(
                        Kind.EDGE_TO_UNKNOWN_NODE, path + ".target", "no node " + edge.target() + " in this graph"));
                dangling = true;
            }
        }
        if (!dangling) {
            List<NodeId> cycle = GraphTopology.of(graph).cycle();
            if (!cycle.isEmpty()) {
                violations.add(
                        new GraphViolation(Kind.CYCLE, "edges", "the data edges form a cycle through nodes " + cycle));
            }
        }
    }

    private static String nodePath(NodeId id) {
        return "nodes[" + id + "]";
    }
}
