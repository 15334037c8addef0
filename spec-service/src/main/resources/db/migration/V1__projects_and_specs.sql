-- Projects, specs, documents and the per-day ID sequences of spec-service.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE project (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE,
    repo_url        TEXT        NOT NULL DEFAULT '',
    default_branch  TEXT        NOT NULL,
    branch_prefix   TEXT        NOT NULL,
    default_prompt  TEXT        NOT NULL,
    -- config.md as last imported, written back by export; NULL when none was imported.
    config_markdown TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    version         BIGINT      NOT NULL DEFAULT 0
);

CREATE TABLE spec (
    pk                 BIGSERIAL PRIMARY KEY,
    project_id         BIGINT      NOT NULL REFERENCES project (id),
    spec_id            TEXT        NOT NULL,
    -- spec_id with member numbers zero-padded, so that ".10" sorts after ".2".
    sort_key           TEXT        NOT NULL,
    -- The random part of a generated ID ("x7m"); NULL for other stems.
    random_suffix      TEXT,
    -- ID of the driver for a member ("<driver>.N"); NULL otherwise.
    driver_id          TEXT,
    -- Highest member number ever given to this spec's members, so numbers are never reused.
    last_member        INT         NOT NULL DEFAULT 0,
    title              TEXT        NOT NULL,
    body               TEXT        NOT NULL,
    type               TEXT        NOT NULL,
    status             TEXT        NOT NULL,
    labels             TEXT[]      NOT NULL DEFAULT '{}',
    depends_on         TEXT[]      NOT NULL DEFAULT '{}',
    informed_by        TEXT[]      NOT NULL DEFAULT '{}',
    context            TEXT[]      NOT NULL DEFAULT '{}',
    target_files       TEXT[]      NOT NULL DEFAULT '{}',
    origin             TEXT[]      NOT NULL DEFAULT '{}',
    tracks             TEXT[]      NOT NULL DEFAULT '{}',
    commits            TEXT[]      NOT NULL DEFAULT '{}',
    members            TEXT[]      NOT NULL DEFAULT '{}',
    prompt             TEXT,
    model              TEXT,
    branch             TEXT,
    completed_at       TEXT,
    approval_required  BOOLEAN,
    approval_status    TEXT,
    approval_by        TEXT,
    approval_at        TEXT,
    -- Frontmatter fields the platform does not interpret, as YAML in their original order.
    extra_frontmatter  TEXT        NOT NULL DEFAULT '',
    criteria_total     INT         NOT NULL DEFAULT 0,
    criteria_checked   INT         NOT NULL DEFAULT 0,
    archived           BOOLEAN     NOT NULL DEFAULT FALSE,
    archive_folder     TEXT,
    created_by         TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    version            BIGINT      NOT NULL DEFAULT 1,
    CONSTRAINT spec_id_unique UNIQUE (project_id, spec_id)
);

CREATE INDEX spec_order_idx        ON spec (project_id, archived, sort_key);
CREATE INDEX spec_status_idx       ON spec (project_id, status, sort_key);
CREATE INDEX spec_type_idx         ON spec (project_id, type, sort_key);
CREATE INDEX spec_suffix_idx       ON spec (project_id, random_suffix);
CREATE INDEX spec_driver_idx       ON spec (project_id, driver_id);
CREATE INDEX spec_labels_idx       ON spec USING GIN (labels);
CREATE INDEX spec_depends_on_idx   ON spec USING GIN (depends_on);
CREATE INDEX spec_title_trgm_idx   ON spec USING GIN (title gin_trgm_ops);
CREATE INDEX spec_body_trgm_idx    ON spec USING GIN (body gin_trgm_ops);
CREATE INDEX spec_id_trgm_idx      ON spec USING GIN (spec_id gin_trgm_ops);

-- Last sequence number handed out per project and day. Rows only ever grow, so an ID
-- is never handed out twice, even after its spec is archived or deleted.
CREATE TABLE id_sequence (
    project_id  BIGINT NOT NULL REFERENCES project (id),
    day         DATE   NOT NULL,
    last_value  INT    NOT NULL,
    PRIMARY KEY (project_id, day)
);

-- Files of an imported `.chant/` folder that are not specs (research/, context/, ...).
CREATE TABLE document (
    project_id  BIGINT NOT NULL REFERENCES project (id),
    path        TEXT   NOT NULL,
    content     TEXT   NOT NULL,
    PRIMARY KEY (project_id, path)
);
