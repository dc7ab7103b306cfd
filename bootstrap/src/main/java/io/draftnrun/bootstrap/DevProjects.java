package io.draftnrun.bootstrap;

import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for project storage until the projects slice is merged: projects and their graphs kept in memory,
 * optionally loaded from a JSON file named by {@code DEV_PROJECTS_FILE} (used by end-to-end tests and the benchmark).
 * The file may also declare API keys per project and an admin bearer token; they exist only when the file is given.
 * Format: {@code {"adminToken": "...", "projects": [{"id", "organizationId", "apiKey", "draft": graph,
 * "production": graph}]}}, graph = {@code {"nodes": [{"id", "component", "name", "start", "parameters"}],
 * "edges": [{"source", "target", "order"}], "relationships": [{"parent", "child", "slot", "order"}]}}.
 */
final class DevProjects implements ProjectGraphs {
    private final Map<ProjectId, OrganizationId> organizations = new ConcurrentHashMap<>();
    private final Map<String, GraphVersion> graphs = new ConcurrentHashMap<>();
    private final Map<String, Actor> apiKeys = new ConcurrentHashMap<>();
    private volatile Optional<String> adminToken = Optional.empty();

    void put(ProjectId project, OrganizationId organization, Environment environment, GraphVersion graph) {
        organizations.put(project, organization);
        graphs.put(project + "/" + environment, graph);
    }

    @Override
    public Optional<OrganizationId> organizationOf(ProjectId projectId) {
        return Optional.ofNullable(organizations.get(projectId));
    }

    @Override
    public Optional<GraphVersion> boundGraph(ProjectId projectId, Environment environment) {
        return Optional.ofNullable(graphs.get(projectId + "/" + environment));
    }

    Optional<Actor> apiKey(String key) {
        return Optional.ofNullable(apiKeys.get(key));
    }

    /** The actor of the file's admin token: a platform admin. */
    Optional<Actor> adminToken(String token) {
        return adminToken
                .filter(token::equals)
                .map(t -> Actor.user(new UserId(new UUID(0, 1)), "dev-admin@localhost", Map.of(), true));
    }

    @SuppressWarnings("unchecked")
    void load(Path file, ComponentRegistry registry) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(
                    "DEV_PROJECTS_FILE " + file + " is not a readable JSON object: " + e.getMessage());
        }
        adminToken = Optional.ofNullable((String) root.get("adminToken"));
        for (Object p : (List<Object>) root.getOrDefault("projects", List.of())) {
            Map<String, Object> project = (Map<String, Object>) p;
            ProjectId id = ProjectId.of((String) project.get("id"));
            OrganizationId org = new OrganizationId(UUID.fromString((String) project.get("organizationId")));
            organizations.put(id, org);
            for (Environment env : Environment.values()) {
                Object graph = project.get(env.wireName());
                if (graph instanceof Map<?, ?> g) {
                    graphs.put(id + "/" + env, graph((Map<String, Object>) g, registry));
                }
            }
            if (project.get("apiKey") instanceof String key) {
                apiKeys.put(key, Actor.apiKey(new UserId(new UUID(0, 2)), org, id.value()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static GraphVersion graph(Map<String, Object> graph, ComponentRegistry registry) {
        Map<String, NodeId> ids = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        for (Object n : (List<Object>) graph.getOrDefault("nodes", List.of())) {
            Map<String, Object> node = (Map<String, Object>) n;
            String key = String.valueOf(node.get("id"));
            NodeId id = new NodeId(UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            ids.put(key, id);
            String component = (String) node.get("component");
            ComponentId componentId = registry.find(component)
                    .map(b -> b.definition().id())
                    .orElseThrow(() -> new ConfigException("DEV_PROJECTS_FILE: unknown component " + component));
            Map<String, ParameterValue> parameters = new LinkedHashMap<>();
            ((Map<String, Object>) node.getOrDefault("parameters", Map.of()))
                    .forEach((k, v) -> parameters.put(k, ParameterValue.literal(v)));
            nodes.add(new Node(
                    id,
                    componentId,
                    component,
                    (String) node.getOrDefault("name", component),
                    "",
                    Boolean.TRUE.equals(node.get("start")),
                    parameters,
                    Optional.empty()));
        }
        List<Edge> edges = new ArrayList<>();
        for (Object e : (List<Object>) graph.getOrDefault("edges", List.of())) {
            Map<String, Object> edge = (Map<String, Object>) e;
            edges.add(new Edge(
                    EdgeId.random(),
                    ids.get(String.valueOf(edge.get("source"))),
                    ids.get(String.valueOf(edge.get("target"))),
                    ((Number) edge.getOrDefault("order", 0L)).intValue()));
        }
        List<Relationship> relationships = new ArrayList<>();
        for (Object r : (List<Object>) graph.getOrDefault("relationships", List.of())) {
            Map<String, Object> rel = (Map<String, Object>) r;
            relationships.add(new Relationship(
                    ids.get(String.valueOf(rel.get("parent"))),
                    ids.get(String.valueOf(rel.get("child"))),
                    (String) rel.get("slot"),
                    Optional.ofNullable((Number) rel.get("order")).map(Number::intValue)));
        }
        return new GraphVersion(GraphVersionId.random(), 1, nodes, relationships, edges);
    }
}
