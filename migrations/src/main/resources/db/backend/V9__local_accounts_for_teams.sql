-- Local accounts a team can use (issue 18, ADR 0013): invitations, one-time passwords, sessions that end at once,
-- refresh-token families. The ADR 0012 triggers on users and organization_members fire on every row change, so the
-- new columns are announced like the old ones (a password change or a deletion forgets the user's cached access).

-- password_change_required: a one-time password given by an admin; signing in with it asks for a new one first.
-- session_epoch: carried by every local access token; raised by a password change or a deletion, which ends every
-- session issued before at the next request (the look-up is the cached one of every request, no extra read).
-- deleted_at: a deleted account is kept as a tombstone without e-mail or password, so a token of it (local, or an
-- external one of the same subject) is refused instead of re-creating the user.
ALTER TABLE users ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN deleted_at timestamptz;

-- Every refresh token of one sign-in shares a family; presenting a used one again revokes the whole family.
ALTER TABLE refresh_tokens ADD COLUMN family_id uuid;
-- [jooq ignore start]
UPDATE refresh_tokens SET family_id = gen_random_uuid() WHERE family_id IS NULL;
ALTER TABLE refresh_tokens ALTER COLUMN family_id SET NOT NULL;
-- [jooq ignore stop]
ALTER TABLE refresh_tokens ADD COLUMN revoked_at timestamptz;
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- An admin invites an e-mail address with a role; only the SHA-256 of the token is kept (the token is shown once).
CREATE TABLE invitations (
    id uuid NOT NULL,
    organization_id uuid NOT NULL,
    email varchar(320) NOT NULL,
    role varchar(32) NOT NULL,
    token_hash varchar(64) NOT NULL,
    invited_by uuid NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid,
    revoked_at timestamptz,
    CONSTRAINT invitations_pkey PRIMARY KEY (id),
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
    CONSTRAINT invitations_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT invitations_role_check CHECK (role IN ('super-admin', 'admin', 'developer', 'member', 'user'))
);
CREATE INDEX invitations_organization_idx ON invitations (organization_id, created_at);
