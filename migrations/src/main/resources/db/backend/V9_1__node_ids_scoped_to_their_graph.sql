-- Node and edge ids are chosen by the editor; they were primary keys across every graph of every organization, so
-- saving a graph with an id used in another organization's graph answered "already used by another graph version",
-- telling that it exists (issue 18). They are now unique within their graph version only: every key and reference
-- includes graph_version_id.
-- The code generator (jOOQ on H2) only needs the new column; the key changes are PostgreSQL's alone.
ALTER TABLE parameter_values ADD COLUMN graph_version_id uuid;
-- [jooq ignore start]
ALTER TABLE parameter_values DROP CONSTRAINT parameter_values_instance_fk;
ALTER TABLE sub_component_relationships DROP CONSTRAINT sub_component_relationships_parent_fk;
ALTER TABLE sub_component_relationships DROP CONSTRAINT sub_component_relationships_child_fk;
ALTER TABLE graph_edges DROP CONSTRAINT graph_edges_source_fk;
ALTER TABLE graph_edges DROP CONSTRAINT graph_edges_target_fk;

ALTER TABLE component_instances DROP CONSTRAINT component_instances_pkey;
ALTER TABLE component_instances ADD CONSTRAINT component_instances_pkey PRIMARY KEY (graph_version_id, id);
DROP INDEX component_instances_graph_idx;

UPDATE parameter_values p SET graph_version_id = c.graph_version_id FROM component_instances c WHERE c.id = p.instance_id;
DELETE FROM parameter_values WHERE graph_version_id IS NULL;
ALTER TABLE parameter_values ALTER COLUMN graph_version_id SET NOT NULL;
ALTER TABLE parameter_values DROP CONSTRAINT parameter_values_pkey;
ALTER TABLE parameter_values ADD CONSTRAINT parameter_values_pkey PRIMARY KEY (graph_version_id, instance_id, name, seq);
ALTER TABLE parameter_values ADD CONSTRAINT parameter_values_instance_fk FOREIGN KEY (graph_version_id, instance_id)
    REFERENCES component_instances (graph_version_id, id) ON DELETE CASCADE;

ALTER TABLE sub_component_relationships DROP CONSTRAINT sub_component_relationships_pkey;
ALTER TABLE sub_component_relationships ADD CONSTRAINT sub_component_relationships_pkey
    PRIMARY KEY (graph_version_id, parent_id, child_id, slot);
ALTER TABLE sub_component_relationships ADD CONSTRAINT sub_component_relationships_parent_fk
    FOREIGN KEY (graph_version_id, parent_id) REFERENCES component_instances (graph_version_id, id) ON DELETE CASCADE;
ALTER TABLE sub_component_relationships ADD CONSTRAINT sub_component_relationships_child_fk
    FOREIGN KEY (graph_version_id, child_id) REFERENCES component_instances (graph_version_id, id) ON DELETE CASCADE;

ALTER TABLE graph_edges DROP CONSTRAINT graph_edges_pkey;
ALTER TABLE graph_edges ADD CONSTRAINT graph_edges_pkey PRIMARY KEY (graph_version_id, id);
DROP INDEX graph_edges_graph_idx;
ALTER TABLE graph_edges ADD CONSTRAINT graph_edges_source_fk
    FOREIGN KEY (graph_version_id, source_id) REFERENCES component_instances (graph_version_id, id) ON DELETE CASCADE;
ALTER TABLE graph_edges ADD CONSTRAINT graph_edges_target_fk
    FOREIGN KEY (graph_version_id, target_id) REFERENCES component_instances (graph_version_id, id) ON DELETE CASCADE;
-- [jooq ignore stop]
