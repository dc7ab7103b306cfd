package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.GRAPH_VERSIONS;
import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.PROJECTS;

import io.draftnrun.adapter.out.postgres.jooq.backend.tables.GraphVersions;
import io.draftnrun.adapter.out.postgres.jooq.backend.tables.Projects;
import io.draftnrun.application.run.port.ProjectGraphs;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Binding;
import io.draftnrun.domain.project.Environment;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;

/**
 * What runs read of projects: the owning organization and the graph bound to draft or production. A run reads one
 * row (project, bound version and its revision); the graph itself comes from memory when that very revision was read
 * before. A version's content never changes without its revision changing (saving a draft bumps it, deployed
 * versions are immutable), so a cached graph is never stale: every instance sees a new revision at once.
 */
public final class JooqProjectGraphs implements ProjectGraphs {
    /** Graph versions kept in memory at most; past it the cache starts again empty (a cheap, rare reset). */
    static final int MAX_CACHED_GRAPHS = 1_000;

    private final DSLContext dsl;
    private final JooqProjectRepository projects;
    private final Map<GraphVersionId, GraphVersion> graphs = new ConcurrentHashMap<>();

    /** Read by every run: rendered once, executed as a prepared statement (see HotSql). */
    private final HotSql.Statement target;

    public JooqProjectGraphs(DSLContext dsl) {
        this.dsl = dsl;
        this.projects = new JooqProjectRepository(dsl);
        Projects p = PROJECTS.as("p");
        GraphVersions v = GRAPH_VERSIONS.as("v");
        this.target = HotSql.Statement.of(
                dsl.select(p.ORGANIZATION_ID, v.ID, v.REVISION)
                        .from(p)
                        .leftJoin(v)
                        .on(v.PROJECT_ID.eq(p.ID))
                        .and(v.BINDING.eq(HotSql.param("binding", v.BINDING)))
                        .where(p.ID.eq(HotSql.param("project", p.ID))),
                "binding",
                "project");
    }

    @Override
    public Optional<OrganizationId> organizationOf(ProjectId projectId) {
        return projects.find(projectId).map(Project::organizationId);
    }

    @Override
    public Optional<RunTarget> runTarget(ProjectId projectId, Environment environment) {
        record Row(UUID organization, UUID version, long revision) {}
        Optional<Row> row = HotSql.first(
                dsl,
                target,
                r -> new Row(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getLong(3)),
                Binding.of(environment).name(),
                projectId.value());
        return row.map(r -> new RunTarget(
                new OrganizationId(r.organization()),
                r.version() == null ? Optional.empty() : graph(new GraphVersionId(r.version()), r.revision())));
    }

    private Optional<GraphVersion> graph(GraphVersionId id, long revision) {
        GraphVersion cached = graphs.get(id);
        if (cached != null && cached.revision() == revision) {
            return Optional.of(cached);
        }
        Optional<GraphVersion> read = projects.graph(id); // the revision current now (maybe newer than the row's)
        read.ifPresent(graph -> {
            if (graphs.size() >= MAX_CACHED_GRAPHS) {
                graphs.clear();
            }
            graphs.merge(id, graph, (old, fresh) -> fresh.revision() >= old.revision() ? fresh : old);
        });
        return read;
    }

    /** How many graph versions are in memory (for tests). */
    int cachedGraphs() {
        return graphs.size();
    }
}
