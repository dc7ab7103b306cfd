package io.draftnrun.application.runtime;

import io.draftnrun.application.component.ReleaseStagePolicy;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.GraphTopology;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.graph.SecretPlaceholders;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.run.InputBlock;
import io.draftnrun.domain.run.Json;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a graph version into what a run executes: one instance per node (sub-components first, each under the slot its
 * relationship names, in relationship order), parameters with their defaults and with secrets decrypted for this run
 * only (ADR 0015), the release stages of the organization checked (ADR 0016), and the request completed with the Input
 * block's defaults. Everything wrong with the graph surfaces here as a {@link DomainException}, before any node runs.
 */
final class GraphInstantiation {
    private final ComponentRegistry registry;
    private final ReleaseStagePolicy releaseStages;
    private final OrganizationSecretLookup secrets;

    GraphInstantiation(ComponentRegistry registry, ReleaseStagePolicy releaseStages, OrganizationSecretLookup secrets) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.releaseStages = Objects.requireNonNull(releaseStages, "releaseStages");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** The instances of a run's nodes and its request with the Input block's defaults. */
    record Instantiated(Map<NodeId, RunnableComponent> instances, Payload request) {}

    /**
     * Builds every node of {@code nodes} (the graph's nodes by id) for a run of {@code organization}.
     *
     * @throws DomainException when a node cannot be built: unknown component, refused release stage, missing secret,
     *     a sub-component cycle, or an unusable parameter
     */
    Instantiated instantiate(
            GraphVersion graph,
            GraphTopology topology,
            Map<NodeId, Node> nodes,
            OrganizationId organization,
            Map<String, Object> request) {
        Build build = new Build(graph, nodes, organization);
        build.all();
        return new Instantiated(build.instances, Payload.fromMap(build.requestWithDefaults(topology, request)));
    }

    static String nodeName(Node node) {
        if (!node.name().isBlank()) {
            return node.name();
        }
        return node.componentName().isBlank() ? node.id().toString() : node.componentName();
    }

    /** The building of one run's instances. */
    private final class Build {
        private final GraphVersion graph;
        private final Map<NodeId, Node> nodes;
        private final OrganizationId organization;
        private final Map<NodeId, RunnableComponent> instances = new HashMap<>();

        Build(GraphVersion graph, Map<NodeId, Node> nodes, OrganizationId organization) {
            this.graph = graph;
            this.nodes = nodes;
            this.organization = organization;
        }

        void all() {
            Map<NodeId, List<Relationship>> childrenOf = new HashMap<>();
            for (Relationship r : graph.relationships()) {
                childrenOf.computeIfAbsent(r.parent(), k -> new ArrayList<>()).add(r);
            }
            for (NodeId id : nodes.keySet()) {
                build(id, childrenOf, new HashSet<>());
            }
        }

        Map<String, Object> requestWithDefaults(GraphTopology topology, Map<String, Object> given) {
            Map<String, Object> request = new LinkedHashMap<>(given);
            for (NodeId start : topology.startNodes()) {
                Node node = nodes.get(start);
                if (InputBlock.COMPONENT_NAME.equals(node.componentName())) {
                    Map<String, Object> schema = parameters(node)
                            .jsonObject(InputBlock.PAYLOAD_SCHEMA)
                            .orElse(Map.of());
                    request = InputBlock.withDefaults(request, schema);
                }
            }
            return request;
        }

        private RunnableComponent build(NodeId id, Map<NodeId, List<Relationship>> childrenOf, Set<NodeId> path) {
            RunnableComponent existing = instances.get(id);
            if (existing != null) {
                return existing;
            }
            Node node = nodes.get(id);
            if (node == null) {
                throw DomainException.validation("a relationship names the unknown node " + id);
            }
            if (!path.add(id)) {
                throw DomainException.validation("node '" + nodeName(node) + "' contains itself as a sub-component");
            }
            ComponentBehaviour behaviour = registry.find(node.componentName())
                    .orElseThrow(() -> DomainException.validation(
                            "node '" + nodeName(node) + "' uses the unknown component '" + node.componentName() + "'"));
            Map<String, List<RunnableComponent>> children = new LinkedHashMap<>();
            List<Relationship> relations = new ArrayList<>(childrenOf.getOrDefault(id, List.of()));
            relations.sort(Comparator.comparing((Relationship r) -> r.order().orElse(Integer.MAX_VALUE)));
            for (Relationship r : relations) {
                children.computeIfAbsent(r.slot(), k -> new ArrayList<>()).add(build(r.child(), childrenOf, path));
            }
            path.remove(id);
            ComponentDefinition definition = behaviour.definition();
            Optional<String> refused = releaseStages.refusal(definition.releaseStage(), organization);
            if (refused.isPresent()) {
                throw new DomainException(
                        ErrorCode.FORBIDDEN,
                        "node '" + nodeName(node) + "' uses the component '" + definition.name()
                                + "', which is not available to this organization: " + refused.get());
            }
            ToolDescription tool = node.toolDescription()
                    .or(definition::defaultToolDescription)
                    .orElseGet(() -> ToolDescription.empty(nodeName(node)));
            RunnableComponent instance;
            try {
                instance = behaviour.create(new ComponentSpec(id, node.name(), parameters(node), children, tool));
            } catch (DomainException e) {
                throw new DomainException(e.code(), "node '" + nodeName(node) + "': " + e.getMessage(), e);
            }
            instances.put(id, instance);
            return instance;
        }

        private ResolvedParameters parameters(Node node) {
            Map<String, Object> values = new LinkedHashMap<>();
            Optional<ComponentDefinition> definition =
                    registry.find(node.componentName()).map(ComponentBehaviour::definition);
            definition.ifPresent(d -> {
                for (ParameterDefinition p : d.valueParameters()) {
                    p.defaultValue().ifPresent(v -> values.put(p.name(), v));
                }
            });
            Set<String> plaintexts = new HashSet<>(0);
            node.parameters()
                    .forEach((name, value) -> values.put(name, resolve(node, definition, name, value, plaintexts)));
            return plaintexts.isEmpty() ? ResolvedParameters.of(values) : new ResolvedParameters(values, plaintexts);
        }

        private Object resolve(
                Node node,
                Optional<ComponentDefinition> definition,
                String name,
                ParameterValue value,
                Set<String> plaintexts) {
            return switch (value) {
                case ParameterValue.Literal l
                when SecretPlaceholders.present(l.json()) -> withSecrets(node, definition, name, l.json(), plaintexts);
                case ParameterValue.Literal l -> l.json();
                case ParameterValue.SecretReference s -> {
                    String plaintext = secret(node, name, s.secretKey());
                    plaintexts.add(plaintext);
                    yield plaintext;
                }
                case ParameterValue.OrderedList list ->
                    list.items().stream()
                            .map(i -> resolve(node, definition, name, i, plaintexts))
                            .toList();
            };
        }

        /**
         * Replaces the {@code {{secret:name}}} placeholders of a parameter that reads them (ADR 0015); a parameter
         * that does not keeps its text as written. In JSON given as text, the secret is escaped as a JSON string.
         */
        private Object withSecrets(
                Node node, Optional<ComponentDefinition> definition, String name, Object json, Set<String> plaintexts) {
            Optional<ParameterDefinition> parameter = definition.flatMap(d -> d.parameter(name));
            if (parameter.isEmpty() || !parameter.get().secretPlaceholders()) {
                return json;
            }
            boolean jsonText = json instanceof String && parameter.get().type() == ParameterType.JSON;
            return SecretPlaceholders.replace(json, secretName -> {
                String plaintext = secret(node, name, secretName);
                plaintexts.add(plaintext);
                if (!jsonText) {
                    return plaintext;
                }
                String quoted = Json.write(plaintext);
                return quoted.substring(1, quoted.length() - 1);
            });
        }

        private String secret(Node node, String parameter, String secretName) {
            return secrets.secret(organization, secretName)
                    .orElseThrow(() -> new DomainException(
                            ErrorCode.FAILED_PRECONDITION,
                            "node '" + nodeName(node) + "': parameter '" + parameter
                                    + "' refers to the organization secret '" + secretName + "', which is not set"));
        }
    }
}
