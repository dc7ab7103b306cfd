-- Organizations, members, local accounts and sessions, project API keys, encrypted organization secrets (issue 3).
CREATE TABLE users (
    id uuid NOT NULL,
    email varchar(320),
    password_hash varchar(255),
    platform_admin boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE organizations (
    id uuid NOT NULL,
    name varchar(200) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_pkey PRIMARY KEY (id)
);

CREATE TABLE organization_members (
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role varchar(32) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_members_pkey PRIMARY KEY (organization_id, user_id),
    CONSTRAINT organization_members_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT organization_members_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT organization_members_role_check CHECK (role IN ('super-admin', 'admin', 'developer', 'member', 'user'))
);
CREATE INDEX organization_members_user_idx ON organization_members (user_id);

CREATE TABLE refresh_tokens (
    token_hash varchar(64) NOT NULL,
    user_id uuid NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (token_hash),
    CONSTRAINT refresh_tokens_user_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

-- Same columns as the reference's api_keys (public_key = SHA-256 hex of key + BACKEND_SECRET_KEY), plus timestamps.
-- project_id gets its foreign key to projects when the projects table exists (V3).
CREATE TABLE api_keys (
    id uuid NOT NULL,
    key_name varchar(200) NOT NULL,
    public_key varchar(64) NOT NULL,
    project_id uuid NOT NULL,
    creator_user_id uuid NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    revoker_user_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_public_key_key UNIQUE (public_key)
);
CREATE INDEX api_keys_project_idx ON api_keys (project_id);

CREATE TABLE organization_secrets (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    key varchar(200) NOT NULL,
    encrypted_secret varchar(32768) NOT NULL,
    secret_type varchar(32) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organization_secrets_pkey PRIMARY KEY (id),
    CONSTRAINT organization_secrets_org_key_key UNIQUE (organization_id, key),
    CONSTRAINT organization_secrets_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT organization_secrets_type_check CHECK (secret_type IN ('llm_api_key', 'password'))
);
