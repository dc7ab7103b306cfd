package io.draftnrun.application.components.sql;

import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunContext;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ComponentId;
import io.draftnrun.domain.component.ParameterDefinition;
import io.draftnrun.domain.component.ParameterType;
import io.draftnrun.domain.component.ReleaseStage;
import io.draftnrun.domain.component.UiComponent;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.shared.DomainException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * SQL DB Service (spec 3.9): a customer database for the SQL components, filling their {@code db_service} slot. The
 * URL (JDBC, or the reference's SQLAlchemy form) comes from an organization secret ({@code engine_url_secret}) or
 * from the {@code engine_url} parameter; each query has a statement timeout and a row cap. It is never a graph step.
 */
public final class SqlDbService implements ComponentBehaviour {
    public static final ComponentId ID = ComponentId.of("4014e6bd-9d2d-4142-8bdc-6dd7d9068011");
    public static final String NAME = "SQLDBService";
    public static final String ENGINE_URL = "engine_url";
    public static final String ENGINE_URL_SECRET = "engine_url_secret";
    public static final String STATEMENT_TIMEOUT = "statement_timeout_seconds";
    public static final String MAX_ROWS = "max_rows";

    /** This component's catalog entry. */
    public static final ComponentDefinition DEFINITION = ComponentDefinition.builder()
            .id(ID)
            .name(NAME)
            .description("A SQL database (PostgreSQL, MySQL/MariaDB, SQLite) read by the SQL components, read-only.")
            .releaseStage(ReleaseStage.PUBLIC)
            .parameters(List.of(
                    ParameterDefinition.builder(ENGINE_URL_SECRET, ParameterType.SECRETS)
                            .order(0)
                            .ui(UiComponent.SELECT, Map.of("label", "Database URL (organization secret)"))
                            .build(),
                    ParameterDefinition.builder(ENGINE_URL, ParameterType.STRING)
                            .order(1)
                            .ui(
                                    UiComponent.TEXTFIELD,
                                    Map.of(
                                            "label",
                                            "Database URL",
                                            "placeholder",
                                            "jdbc:postgresql://host:5432/db or postgresql://user:pass@host/db"))
                            .build(),
                    ParameterDefinition.builder(STATEMENT_TIMEOUT, ParameterType.INTEGER)
                            .defaultValue((int) SqlQueryLimits.DEFAULT_TIMEOUT.toSeconds())
                            .order(2)
                            .ui(
                                    UiComponent.SLIDER,
                                    Map.of("label", "Statement timeout (s)", "min", 1, "max", 120, "step", 1))
                            .advanced()
                            .build(),
                    ParameterDefinition.builder(MAX_ROWS, ParameterType.INTEGER)
                            .defaultValue(SqlQueryLimits.DEFAULT_MAX_ROWS)
                            .order(3)
                            .ui(UiComponent.SLIDER, Map.of("label", "Row cap", "min", 1, "max", 5000, "step", 1))
                            .advanced()
                            .build()))
            .build();

    private final ExternalSqlGateway gateway;

    /** @param gateway reads the configured databases, within the guards of ADR 0008 */
    public SqlDbService(ExternalSqlGateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public ComponentDefinition definition() {
        return DEFINITION;
    }

    @Override
    public RunnableComponent create(ComponentSpec spec) {
        ResolvedParameters p = spec.parameters();
        String url = p.string(ENGINE_URL_SECRET)
                .or(() -> p.string(ENGINE_URL))
                .orElseThrow(() -> DomainException.validation(
                        "SQL DB Service needs a database URL: set 'engine_url_secret' or 'engine_url'"));
        SqlConnectionSpec connection;
        try {
            connection = SqlConnectionSpec.fromEngineUrl(url);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("the database URL of SQL DB Service is invalid: " + e.getMessage());
        }
        SqlQueryLimits limits;
        try {
            limits = new SqlQueryLimits(
                    Duration.ofSeconds(p.integer(STATEMENT_TIMEOUT, SqlQueryLimits.DEFAULT_TIMEOUT.toSeconds())),
                    (int) p.integer(MAX_ROWS, SqlQueryLimits.DEFAULT_MAX_ROWS));
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("SQL DB Service: " + e.getMessage());
        }
        return new SqlDatabase(gateway, spec.instanceName().isBlank() ? NAME : spec.instanceName(), connection, limits);
    }

    /** Finds the database of a component's {@code db_service} slot. */
    public static SqlDatabase fromSlot(io.draftnrun.application.runtime.ComponentSpec spec, String slot) {
        List<RunnableComponent> children = spec.children(slot);
        if (children.size() != 1 || !(children.getFirst() instanceof SqlDatabase db)) {
            throw DomainException.validation(
                    "'" + spec.instanceName() + "' needs exactly one SQL DB Service in its '" + slot + "' slot");
        }
        return db;
    }

    /** The configured database: describes and reads it through the {@link ExternalSqlGateway}. */
    public static final class SqlDatabase implements RunnableComponent {
        private final ExternalSqlGateway gateway;
        private final String name;
        private final SqlConnectionSpec connection;
        private final SqlQueryLimits limits;

        public SqlDatabase(
                ExternalSqlGateway gateway, String name, SqlConnectionSpec connection, SqlQueryLimits limits) {
            this.gateway = gateway;
            this.name = name;
            this.connection = connection;
            this.limits = limits;
        }

        public DatabaseDescription describe(RunContext ctx, Optional<String> schema, Set<String> includeTables) {
            return gateway.describe(connection, schema, includeTables);
        }

        public SqlQueryOutcome query(RunContext ctx, String sql) {
            ctx.checkActive();
            return gateway.query(connection, sql, limits);
        }

        public SqlQueryLimits limits() {
            return limits;
        }

        @Override
        public Payload run(List<Payload> inputs, RunContext ctx) {
            throw DomainException.validation(
                    "'" + name + "' is a database for the SQL components; it cannot run as a step of the graph");
        }

        @Override
        public String name() {
            return name;
        }
    }
}
