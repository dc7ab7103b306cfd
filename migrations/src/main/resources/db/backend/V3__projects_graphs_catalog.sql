-- Projects, their graph versions (draft / production / history) and the component catalog (written by `seed`
-- and at API start). Parameter definitions are kept as one JSON document per component: the catalog is code.
CREATE TABLE components (
    id uuid PRIMARY KEY,
    name varchar(200) NOT NULL,
    description text NOT NULL,
    is_agent boolean NOT NULL,
    function_callable boolean NOT NULL,
    can_use_function_calling boolean NOT NULL,
    is_protected boolean NOT NULL,
    release_stage varchar(32) NOT NULL,
    default_tool_description jsonb,
    parameters jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT components_name_key UNIQUE (name)
);

CREATE TABLE projects (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL,
    name varchar(200) NOT NULL,
    description text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_organization_idx ON projects (organization_id, name);

-- binding: DRAFT (one per project), PRODUCTION (at most one), HISTORY (previously deployed).
CREATE TABLE graph_versions (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL,
    binding varchar(16) NOT NULL,
    revision bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deployed_at timestamptz,
    CONSTRAINT graph_versions_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
    CONSTRAINT graph_versions_binding_check CHECK (binding IN ('DRAFT', 'PRODUCTION', 'HISTORY'))
);
CREATE INDEX graph_versions_project_idx ON graph_versions (project_id);
-- [jooq ignore start]
CREATE UNIQUE INDEX graph_versions_one_draft ON graph_versions (project_id) WHERE binding = 'DRAFT';
CREATE UNIQUE INDEX graph_versions_one_production ON graph_versions (project_id) WHERE binding = 'PRODUCTION';
-- [jooq ignore stop]

CREATE TABLE component_instances (
    id uuid PRIMARY KEY,
    graph_version_id uuid NOT NULL,
    position integer NOT NULL,
    component_id uuid NOT NULL,
    component_name varchar(200) NOT NULL,
    name varchar(200) NOT NULL,
    ref varchar(500) NOT NULL,
    is_start_node boolean NOT NULL,
    tool_description jsonb,
    CONSTRAINT component_instances_graph_fk FOREIGN KEY (graph_version_id) REFERENCES graph_versions (id) ON DELETE CASCADE,
    CONSTRAINT component_instances_component_fk FOREIGN KEY (component_id) REFERENCES components (id)
);
CREATE INDEX component_instances_graph_idx ON component_instances (graph_version_id);

-- One row per value; an ordered list has one row per item (item_order set). Exactly one of value / secret_key.
CREATE TABLE parameter_values (
    instance_id uuid NOT NULL,
    name varchar(200) NOT NULL,
    seq integer NOT NULL,
    item_order integer,
    value jsonb,
    secret_key varchar(200),
    CONSTRAINT parameter_values_pkey PRIMARY KEY (instance_id, name, seq),
    CONSTRAINT parameter_values_instance_fk FOREIGN KEY (instance_id) REFERENCES component_instances (id) ON DELETE CASCADE,
    CONSTRAINT parameter_values_value_or_secret CHECK ((value IS NULL) <> (secret_key IS NULL))
);

CREATE TABLE sub_component_relationships (
    graph_version_id uuid NOT NULL,
    parent_id uuid NOT NULL,
    child_id uuid NOT NULL,
    slot varchar(200) NOT NULL,
    item_order integer,
    position integer NOT NULL,
    CONSTRAINT sub_component_relationships_pkey PRIMARY KEY (parent_id, child_id, slot),
    CONSTRAINT sub_component_relationships_graph_fk FOREIGN KEY (graph_version_id) REFERENCES graph_versions (id) ON DELETE CASCADE,
    CONSTRAINT sub_component_relationships_parent_fk FOREIGN KEY (parent_id) REFERENCES component_instances (id) ON DELETE CASCADE,
    CONSTRAINT sub_component_relationships_child_fk FOREIGN KEY (child_id) REFERENCES component_instances (id) ON DELETE CASCADE
);

CREATE TABLE graph_edges (
    id uuid PRIMARY KEY,
    graph_version_id uuid NOT NULL,
    source_id uuid NOT NULL,
    target_id uuid NOT NULL,
    edge_order integer NOT NULL,
    position integer NOT NULL,
    CONSTRAINT graph_edges_graph_fk FOREIGN KEY (graph_version_id) REFERENCES graph_versions (id) ON DELETE CASCADE,
    CONSTRAINT graph_edges_source_fk FOREIGN KEY (source_id) REFERENCES component_instances (id) ON DELETE CASCADE,
    CONSTRAINT graph_edges_target_fk FOREIGN KEY (target_id) REFERENCES component_instances (id) ON DELETE CASCADE
);
CREATE INDEX graph_edges_graph_idx ON graph_edges (graph_version_id);
