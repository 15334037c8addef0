-- Roles granted in a project (chant project members; AuthService.SetMember), beside the roles tokens
-- carry: a principal's role in a project is the higher of the two (docs/auth.md). One row per subject
-- and project; a new grant replaces the old one in place (INSERT ... ON CONFLICT), so concurrent
-- grants of one subject leave exactly one row.
CREATE TABLE project_member (
    project_id BIGINT      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    -- The token subject, compared exactly.
    subject    TEXT        NOT NULL,
    role       TEXT        NOT NULL CHECK (role IN ('viewer', 'member', 'approver', 'admin')),
    granted_by TEXT        NOT NULL,
    granted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (project_id, subject)
);

-- A subject's projects (ListProjects, WhoAmI) without scanning every project's members.
CREATE INDEX project_member_by_subject ON project_member (subject);
