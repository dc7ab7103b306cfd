-- API keys belong to a project: deleting the project deletes its keys (identity and projects were built apart).
DELETE FROM api_keys WHERE project_id NOT IN (SELECT id FROM projects);
ALTER TABLE api_keys
    ADD CONSTRAINT api_keys_project_fk FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE;
