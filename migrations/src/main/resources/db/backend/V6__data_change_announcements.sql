-- Announces every committed change to what runs and requests look up at their start (a project's organization, its
-- graph versions, API keys, users and memberships) on the channel draftnrun_changes, whoever makes it: each server
-- instance forgets what it kept in memory of it (ADR 0012). Payload '<topic>:<key>'; '<topic>:*' when a table is
-- emptied. NOTIFY is transactional: nothing is announced for a rolled-back change, and a change is announced after
-- its commit. Only rows that matter are announced (a project's renaming is not).
-- [jooq ignore start]
CREATE FUNCTION announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    topic text := TG_ARGV[0];
    column_name text := TG_ARGV[1];
    old_key text;
    new_key text;
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('draftnrun_changes', topic || ':*');
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_key := to_jsonb(OLD) ->> column_name;
        PERFORM pg_notify('draftnrun_changes', topic || ':' || old_key);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := to_jsonb(NEW) ->> column_name;
        IF new_key IS DISTINCT FROM old_key THEN
            PERFORM pg_notify('draftnrun_changes', topic || ':' || new_key);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER projects_announce AFTER UPDATE OF organization_id OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION announce_change('project', 'id');
CREATE TRIGGER projects_announce_truncate AFTER TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION announce_change('project');

CREATE TRIGGER graph_versions_announce AFTER INSERT OR UPDATE OR DELETE ON graph_versions
    FOR EACH ROW EXECUTE FUNCTION announce_change('graph', 'project_id');
CREATE TRIGGER graph_versions_announce_truncate AFTER TRUNCATE ON graph_versions
    FOR EACH STATEMENT EXECUTE FUNCTION announce_change('graph');

CREATE TRIGGER api_keys_announce AFTER UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION announce_change('key', 'public_key');
CREATE TRIGGER api_keys_announce_truncate AFTER TRUNCATE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION announce_change('key');

CREATE TRIGGER users_announce AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION announce_change('user', 'id');
CREATE TRIGGER users_announce_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION announce_change('user');

CREATE TRIGGER organization_members_announce AFTER INSERT OR UPDATE OR DELETE ON organization_members
    FOR EACH ROW EXECUTE FUNCTION announce_change('user', 'user_id');
CREATE TRIGGER organization_members_announce_truncate AFTER TRUNCATE ON organization_members
    FOR EACH STATEMENT EXECUTE FUNCTION announce_change('user');
-- [jooq ignore stop]
