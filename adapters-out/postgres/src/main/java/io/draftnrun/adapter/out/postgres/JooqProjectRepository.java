package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.COMPONENT_INSTANCES;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.GRAPH_EDGES;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.GRAPH_VERSIONS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.PARAMETER_VALUES;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.PROJECTS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.SUB_COMPONENT_RELATIONSHIPS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.ComponentInstancesRecord;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.GraphEdgesRecord;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.ParameterValuesRecord;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.ProjectsRecord;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.records.SubComponentRelationshipsRecord;
import io.draftnrun.application.project.ProjectPage;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Binding;
import io.draftnrun.domain.project.BoundVersion;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import io.draftnrun.domain.project.ProjectVersions;
import io.draftnrun.domain.shared.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Projects and graph versions in the backend database. Every write runs in one transaction; saves check the draft's
 * revision with a conditional update (which also locks the row), deploy and promote lock the project row, and the
 * partial unique indexes guarantee one draft and at most one production per project.
 */
public final class JooqProjectRepository implements ProjectRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext dsl;

    public JooqProjectRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void create(Project project, GraphVersion draft) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            tx.insertInto(PROJECTS)
                    .set(PROJECTS.ID, project.id().value())
                    .set(PROJECTS.ORGANIZATION_ID, project.organizationId().value())
                    .set(PROJECTS.NAME, project.name())
                    .set(PROJECTS.DESCRIPTION, project.description())
                    .set(PROJECTS.CREATED_AT, time(project.createdAt()))
                    .set(PROJECTS.UPDATED_AT, time(project.updatedAt()))
                    .execute();
            insertVersion(tx, project.id(), draft, Binding.DRAFT);
            insertContent(tx, draft);
        });
    }

    @Override
    public Optional<Project> find(ProjectId id) {
        return dsl.selectFrom(PROJECTS)
                .where(PROJECTS.ID.eq(id.value()))
                .fetchOptional()
                .map(JooqProjectRepository::project);
    }

    @Override
    public void update(Project project) {
        dsl.update(PROJECTS)
                .set(PROJECTS.NAME, project.name())
                .set(PROJECTS.DESCRIPTION, project.description())
                .set(PROJECTS.UPDATED_AT, time(project.updatedAt()))
                .where(PROJECTS.ID.eq(project.id().value()))
                .execute();
    }

    @Override
    public boolean delete(ProjectId id) {
        return dsl.deleteFrom(PROJECTS).where(PROJECTS.ID.eq(id.value())).execute() > 0;
    }

    @Override
    public ProjectPage list(OrganizationId organization, Optional<String> search, int first, Optional<String> after) {
        Condition condition = PROJECTS.ORGANIZATION_ID.eq(organization.value());
        if (search.isPresent()) {
            condition = condition.and(PROJECTS.NAME.containsIgnoreCase(search.get()));
        }
        if (after.isPresent()) {
            String[] cursor = decodeCursor(after.get());
            condition = condition.and(DSL.row(PROJECTS.NAME, PROJECTS.ID).gt(cursor[0], UUID.fromString(cursor[1])));
        }
        List<Project> rows = dsl.selectFrom(PROJECTS)
                .where(condition)
                .orderBy(PROJECTS.NAME, PROJECTS.ID)
                .limit(first + 1)
                .fetch(JooqProjectRepository::project);
        List<ProjectPage.Entry> entries = rows.stream()
                .limit(first)
                .map(p -> new ProjectPage.Entry(p, encodeCursor(p)))
                .toList();
        return new ProjectPage(entries, rows.size() > first);
    }

    private static String encodeCursor(Project project) {
        String raw = project.name() + "\u0000" + project.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decodeCursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\u0000", 2);
            UUID.fromString(parts[1]);
            return parts;
        } catch (RuntimeException e) {
            throw DomainException.validation("invalid cursor");
        }
    }

    @Override
    public List<Project> withProduction(OrganizationId organization) {
        return dsl.select(PROJECTS.fields())
                .from(PROJECTS)
                .join(GRAPH_VERSIONS)
                .on(GRAPH_VERSIONS.PROJECT_ID.eq(PROJECTS.ID).and(GRAPH_VERSIONS.BINDING.eq(Binding.PRODUCTION.name())))
                .where(PROJECTS.ORGANIZATION_ID.eq(organization.value()))
                .orderBy(PROJECTS.NAME, PROJECTS.ID)
                .fetch(r -> project(r.into(PROJECTS)));
    }

    @Override
    public ProjectVersions versions(ProjectId id) {
        List<BoundVersion> versions = dsl.selectFrom(GRAPH_VERSIONS)
                .where(GRAPH_VERSIONS.PROJECT_ID.eq(id.value()))
                .fetch(r -> new BoundVersion(
                        new GraphVersionId(r.getId()),
                        Binding.valueOf(r.getBinding()),
                        r.getCreatedAt().toInstant(),
                        Optional.ofNullable(r.getDeployedAt()).map(OffsetDateTime::toInstant)));
        return new ProjectVersions(id, versions);
    }

    @Override
    public Optional<ProjectId> projectOf(GraphVersionId id) {
        return dsl.select(GRAPH_VERSIONS.PROJECT_ID)
                .from(GRAPH_VERSIONS)
                .where(GRAPH_VERSIONS.ID.eq(id.value()))
                .fetchOptional(r -> new ProjectId(r.value1()));
    }

    @Override
    public Optional<GraphVersion> graph(GraphVersionId id) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Optional<Long> revision = tx.select(GRAPH_VERSIONS.REVISION)
                    .from(GRAPH_VERSIONS)
                    .where(GRAPH_VERSIONS.ID.eq(id.value()))
                    .fetchOptional(r -> r.value1());
            return revision.map(rev -> readContent(tx, id, rev));
        });
    }

    @Override
    public Map<GraphVersionId, GraphVersion> graphs(Collection<GraphVersionId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            Map<UUID, Long> revisions = new LinkedHashMap<>();
            tx.select(GRAPH_VERSIONS.ID, GRAPH_VERSIONS.REVISION)
                    .from(GRAPH_VERSIONS)
                    .where(GRAPH_VERSIONS.ID.in(
                            ids.stream().map(GraphVersionId::value).toList()))
                    .fetch()
                    .forEach(r -> revisions.put(r.value1(), r.value2()));
            return revisions.isEmpty() ? Map.of() : readContents(tx, revisions);
        });
    }

    @Override
    public GraphVersion saveDraft(ProjectId project, GraphVersion graph, long expectedRevision) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            int updated = tx.update(GRAPH_VERSIONS)
                    .set(GRAPH_VERSIONS.REVISION, expectedRevision + 1)
                    .where(GRAPH_VERSIONS.ID.eq(graph.id().value()))
                    .and(GRAPH_VERSIONS.PROJECT_ID.eq(project.value()))
                    .and(GRAPH_VERSIONS.BINDING.eq(Binding.DRAFT.name()))
                    .and(GRAPH_VERSIONS.REVISION.eq(expectedRevision))
                    .execute();
            if (updated == 0) {
                throw new StaleGraph("the draft was changed or deployed since revision " + expectedRevision);
            }
            tx.deleteFrom(COMPONENT_INSTANCES)
                    .where(COMPONENT_INSTANCES.GRAPH_VERSION_ID.eq(graph.id().value()))
                    .execute();
            GraphVersion saved = graph.withRevision(expectedRevision + 1);
            insertContent(tx, saved);
            return saved;
        });
    }

    @Override
    public void deploy(ProjectId project, GraphVersionId draft, long draftRevision, GraphVersion newDraft) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            lockProject(tx, project);
            boolean current = tx.fetchExists(tx.selectFrom(GRAPH_VERSIONS)
                    .where(GRAPH_VERSIONS.ID.eq(draft.value()))
                    .and(GRAPH_VERSIONS.PROJECT_ID.eq(project.value()))
                    .and(GRAPH_VERSIONS.BINDING.eq(Binding.DRAFT.name()))
                    .and(GRAPH_VERSIONS.REVISION.eq(draftRevision)));
            if (!current) {
                throw new StaleGraph("the draft changed while it was being deployed");
            }
            tx.update(GRAPH_VERSIONS)
                    .set(GRAPH_VERSIONS.BINDING, Binding.HISTORY.name())
                    .where(GRAPH_VERSIONS.PROJECT_ID.eq(project.value()))
                    .and(GRAPH_VERSIONS.BINDING.eq(Binding.PRODUCTION.name()))
                    .execute();
            tx.update(GRAPH_VERSIONS)
                    .set(GRAPH_VERSIONS.BINDING, Binding.PRODUCTION.name())
                    .set(GRAPH_VERSIONS.DEPLOYED_AT, DSL.currentOffsetDateTime())
                    .where(GRAPH_VERSIONS.ID.eq(draft.value()))
                    .execute();
            insertVersion(tx, project, newDraft, Binding.DRAFT);
            insertContent(tx, newDraft);
        });
    }

    @Override
    public void promote(ProjectId project, GraphVersionId version) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            lockProject(tx, project);
            boolean inHistory = tx.fetchExists(tx.selectFrom(GRAPH_VERSIONS)
                    .where(GRAPH_VERSIONS.ID.eq(version.value()))
                    .and(GRAPH_VERSIONS.PROJECT_ID.eq(project.value()))
                    .and(GRAPH_VERSIONS.BINDING.eq(Binding.HISTORY.name())));
            if (!inHistory) {
                throw new StaleGraph("version " + version + " is not in the project's history");
            }
            tx.update(GRAPH_VERSIONS)
                    .set(GRAPH_VERSIONS.BINDING, Binding.HISTORY.name())
                    .where(GRAPH_VERSIONS.PROJECT_ID.eq(project.value()))
                    .and(GRAPH_VERSIONS.BINDING.eq(Binding.PRODUCTION.name()))
                    .execute();
            tx.update(GRAPH_VERSIONS)
                    .set(GRAPH_VERSIONS.BINDING, Binding.PRODUCTION.name())
                    .set(GRAPH_VERSIONS.DEPLOYED_AT, DSL.currentOffsetDateTime())
                    .where(GRAPH_VERSIONS.ID.eq(version.value()))
                    .execute();
        });
    }

    private static void lockProject(DSLContext tx, ProjectId project) {
        tx.select(PROJECTS.ID)
                .from(PROJECTS)
                .where(PROJECTS.ID.eq(project.value()))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> DomainException.notFound("project " + project));
    }

    private static void insertVersion(DSLContext tx, ProjectId project, GraphVersion graph, Binding binding) {
        tx.insertInto(GRAPH_VERSIONS)
                .set(GRAPH_VERSIONS.ID, graph.id().value())
                .set(GRAPH_VERSIONS.PROJECT_ID, project.value())
                .set(GRAPH_VERSIONS.BINDING, binding.name())
                .set(GRAPH_VERSIONS.REVISION, graph.revision())
                .execute();
    }

    private static void insertContent(DSLContext tx, GraphVersion graph) {
        UUID graphId = graph.id().value();
        List<ComponentInstancesRecord> instances = new ArrayList<>();
        List<ParameterValuesRecord> parameters = new ArrayList<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            Node node = graph.nodes().get(i);
            ComponentInstancesRecord r = tx.newRecord(COMPONENT_INSTANCES);
            r.setId(node.id().value());
            r.setGraphVersionId(graphId);
            r.setPosition(i);
            r.setComponentId(node.componentId().value());
            r.setComponentName(node.componentName());
            r.setName(node.name());
            r.setRef(node.ref());
            r.setIsStartNode(node.startNode());
            r.setToolDescription(
                    node.toolDescription().map(JooqProjectRepository::toolJson).orElse(null));
            instances.add(r);
            int seq = 0;
            for (Map.Entry<String, ParameterValue> p : node.parameters().entrySet()) {
                if (p.getValue() instanceof ParameterValue.OrderedList list) {
                    for (int item = 0; item < list.items().size(); item++) {
                        parameters.add(parameterRow(
                                tx,
                                graphId,
                                node.id(),
                                p.getKey(),
                                seq++,
                                item,
                                list.items().get(item)));
                    }
                } else {
                    parameters.add(parameterRow(tx, graphId, node.id(), p.getKey(), seq++, null, p.getValue()));
                }
            }
        }
        List<SubComponentRelationshipsRecord> relationships = new ArrayList<>();
        for (int i = 0; i < graph.relationships().size(); i++) {
            Relationship rel = graph.relationships().get(i);
            SubComponentRelationshipsRecord r = tx.newRecord(SUB_COMPONENT_RELATIONSHIPS);
            r.setGraphVersionId(graphId);
            r.setParentId(rel.parent().value());
            r.setChildId(rel.child().value());
            r.setSlot(rel.slot());
            r.setItemOrder(rel.order().orElse(null));
            r.setPosition(i);
            relationships.add(r);
        }
        List<GraphEdgesRecord> edges = new ArrayList<>();
        for (int i = 0; i < graph.edges().size(); i++) {
            Edge edge = graph.edges().get(i);
            GraphEdgesRecord r = tx.newRecord(GRAPH_EDGES);
            r.setId(edge.id().value());
            r.setGraphVersionId(graphId);
            r.setSourceId(edge.source().value());
            r.setTargetId(edge.target().value());
            r.setEdgeOrder(edge.order());
            r.setPosition(i);
            edges.add(r);
        }
        try {
            tx.batchInsert(instances).execute();
            if (!parameters.isEmpty()) {
                tx.batchInsert(parameters).execute();
            }
            if (!relationships.isEmpty()) {
                tx.batchInsert(relationships).execute();
            }
            if (!edges.isEmpty()) {
                tx.batchInsert(edges).execute();
            }
        } catch (DataAccessException e) {
            String message = String.valueOf(e.getMessage());
            // ids are unique per graph version only (migration V9_1): another graph's ids are never an obstacle
            if (message.contains("component_instances_pkey") || message.contains("graph_edges_pkey")) {
                throw DomainException.validation("a node or edge id is used twice in the graph");
            }
            throw e;
        }
    }

    private static ParameterValuesRecord parameterRow(
            DSLContext tx, UUID graph, NodeId node, String name, int seq, Integer itemOrder, ParameterValue value) {
        ParameterValuesRecord r = tx.newRecord(PARAMETER_VALUES);
        r.setGraphVersionId(graph);
        r.setInstanceId(node.value());
        r.setName(name);
        r.setSeq(seq);
        r.setItemOrder(itemOrder);
        switch (value) {
            case ParameterValue.Literal literal -> r.setValue(json(literal.json()));
            case ParameterValue.SecretReference secret -> r.setSecretKey(secret.secretKey());
            case ParameterValue.OrderedList list -> throw new IllegalArgumentException("ordered lists do not nest");
        }
        return r;
    }

    private static GraphVersion readContent(DSLContext tx, GraphVersionId id, long revision) {
        return readContents(tx, Map.of(id.value(), revision)).get(id);
    }

    /** The content of the versions with these revisions: four queries whatever their number. */
    private static Map<GraphVersionId, GraphVersion> readContents(DSLContext tx, Map<UUID, Long> revisions) {
        Set<UUID> ids = revisions.keySet();
        Map<UUID, Map<UUID, List<ParameterValuesRecord>>> parameters = new HashMap<>();
        tx.selectFrom(PARAMETER_VALUES)
                .where(PARAMETER_VALUES.GRAPH_VERSION_ID.in(ids))
                .orderBy(PARAMETER_VALUES.GRAPH_VERSION_ID, PARAMETER_VALUES.INSTANCE_ID, PARAMETER_VALUES.SEQ)
                .fetch()
                .forEach(r -> parameters
                        .computeIfAbsent(r.getGraphVersionId(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.getInstanceId(), k -> new ArrayList<>())
                        .add(r));
        Map<UUID, List<Node>> nodes = new HashMap<>();
        tx.selectFrom(COMPONENT_INSTANCES)
                .where(COMPONENT_INSTANCES.GRAPH_VERSION_ID.in(ids))
                .orderBy(COMPONENT_INSTANCES.GRAPH_VERSION_ID, COMPONENT_INSTANCES.POSITION)
                .fetch()
                .forEach(r -> nodes.computeIfAbsent(r.getGraphVersionId(), k -> new ArrayList<>())
                        .add(new Node(
                                new NodeId(r.getId()),
                                new ComponentId(r.getComponentId()),
                                r.getComponentName(),
                                r.getName(),
                                r.getRef(),
                                r.getIsStartNode(),
                                parameterMap(parameters
                                        .getOrDefault(r.getGraphVersionId(), Map.of())
                                        .getOrDefault(r.getId(), List.of())),
                                Optional.ofNullable(r.getToolDescription()).map(JooqProjectRepository::tool))));
        Map<UUID, List<Relationship>> relationships = new HashMap<>();
        tx.selectFrom(SUB_COMPONENT_RELATIONSHIPS)
                .where(SUB_COMPONENT_RELATIONSHIPS.GRAPH_VERSION_ID.in(ids))
                .orderBy(SUB_COMPONENT_RELATIONSHIPS.GRAPH_VERSION_ID, SUB_COMPONENT_RELATIONSHIPS.POSITION)
                .fetch()
                .forEach(r -> relationships
                        .computeIfAbsent(r.getGraphVersionId(), k -> new ArrayList<>())
                        .add(new Relationship(
                                new NodeId(r.getParentId()),
                                new NodeId(r.getChildId()),
                                r.getSlot(),
                                Optional.ofNullable(r.getItemOrder()))));
        Map<UUID, List<Edge>> edges = new HashMap<>();
        tx.selectFrom(GRAPH_EDGES)
                .where(GRAPH_EDGES.GRAPH_VERSION_ID.in(ids))
                .orderBy(GRAPH_EDGES.GRAPH_VERSION_ID, GRAPH_EDGES.POSITION)
                .fetch()
                .forEach(r -> edges.computeIfAbsent(r.getGraphVersionId(), k -> new ArrayList<>())
                        .add(new Edge(
                                new EdgeId(r.getId()),
                                new NodeId(r.getSourceId()),
                                new NodeId(r.getTargetId()),
                                r.getEdgeOrder())));
        Map<GraphVersionId, GraphVersion> graphs = new LinkedHashMap<>();
        revisions.forEach((id, revision) -> graphs.put(
                new GraphVersionId(id),
                new GraphVersion(
                        new GraphVersionId(id),
                        revision,
                        nodes.getOrDefault(id, List.of()),
                        relationships.getOrDefault(id, List.of()),
                        edges.getOrDefault(id, List.of()))));
        return graphs;
    }

    private static Map<String, ParameterValue> parameterMap(List<ParameterValuesRecord> rows) {
        Map<String, List<ParameterValuesRecord>> byName = new LinkedHashMap<>();
        rows.forEach(
                r -> byName.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r));
        Map<String, ParameterValue> result = new LinkedHashMap<>();
        byName.forEach((name, values) -> {
            if (values.getFirst().getItemOrder() == null) {
                result.put(name, value(values.getFirst()));
            } else {
                List<ParameterValue> items = values.stream()
                        .sorted(java.util.Comparator.comparing(ParameterValuesRecord::getItemOrder))
                        .map(JooqProjectRepository::value)
                        .toList();
                result.put(name, new ParameterValue.OrderedList(items));
            }
        });
        return result;
    }

    private static ParameterValue value(ParameterValuesRecord r) {
        return r.getSecretKey() != null
                ? new ParameterValue.SecretReference(r.getSecretKey())
                : new ParameterValue.Literal(parse(r.getValue()));
    }

    private static Project project(ProjectsRecord r) {
        return new Project(
                new ProjectId(r.getId()),
                new OrganizationId(r.getOrganizationId()),
                r.getName(),
                r.getDescription(),
                r.getCreatedAt().toInstant(),
                r.getUpdatedAt().toInstant());
    }

    private static OffsetDateTime time(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static JSONB json(Object value) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON", e);
        }
    }

    static Object parse(JSONB value) {
        try {
            return JSON.readValue(value.data(), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }

    static JSONB toolJson(ToolDescription tool) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", tool.name());
        map.put("description", tool.description());
        map.put("properties", tool.properties());
        map.put("required", tool.requiredProperties());
        return json(map);
    }

    @SuppressWarnings("unchecked")
    static ToolDescription tool(JSONB value) {
        Map<String, Object> map = (Map<String, Object>) parse(value);
        return new ToolDescription(
                (String) map.get("name"),
                (String) map.get("description"),
                (Map<String, Object>) map.get("properties"),
                (List<String>) map.get("required"));
    }
}
