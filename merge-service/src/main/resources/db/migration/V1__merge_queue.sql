-- The merge queue (docs/merge-service.md): merge requests, their specs in order, and one row per
-- queue (project, target branch) with the lease that lets one process at a time work it.

CREATE TABLE merge_request (
    id                BIGSERIAL PRIMARY KEY,
    project           TEXT        NOT NULL,
    target_branch     TEXT        NOT NULL,
    strategy          TEXT        NOT NULL CHECK (strategy IN ('AUTO', 'FAST_FORWARD', 'MERGE', 'SQUASH', 'REBASE')),
    dry_run           BOOLEAN     NOT NULL,
    delete_branch     BOOLEAN     NOT NULL,
    continue_on_error BOOLEAN     NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'STOPPED')),
    requested_by      TEXT        NOT NULL,
    -- Idempotency key of SubmitMerge (per project).
    request_id        TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at          TIMESTAMPTZ,
    -- Grows with every change of the request or one of its items: watchers compare it.
    revision          BIGINT      NOT NULL DEFAULT 0,
    CHECK ((status IN ('DONE', 'STOPPED')) = (ended_at IS NOT NULL))
);

CREATE UNIQUE INDEX merge_request_request_id ON merge_request (project, request_id) WHERE request_id IS NOT NULL;
-- The requests a queue still has to work, oldest first.
CREATE INDEX merge_request_open ON merge_request (project, target_branch, id) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX merge_request_by_project ON merge_request (project, id);

CREATE TABLE merge_item (
    merge_id       BIGINT      NOT NULL REFERENCES merge_request (id),
    -- 0-based place in the request: dependencies first, members before their driver.
    position       INT         NOT NULL CHECK (position >= 0),
    spec_id        TEXT        NOT NULL,
    title          TEXT        NOT NULL DEFAULT '',
    branch         TEXT        NOT NULL DEFAULT '',
    outcome        TEXT        NOT NULL CHECK (outcome IN ('PENDING', 'MERGED', 'ALREADY_MERGED', 'CONFLICT', 'REFUSED',
                                   'SKIPPED', 'MERGEABLE')),
    reason         TEXT        NOT NULL DEFAULT '',
    -- The conflicting files, one per line.
    conflict_files TEXT        NOT NULL DEFAULT '',
    merge_commit   TEXT        NOT NULL DEFAULT '',
    target_before  TEXT        NOT NULL DEFAULT '',
    target_after   TEXT        NOT NULL DEFAULT '',
    -- The push about to happen: the target's commit it was worked out on, the commit it moves the target
    -- to, and the merge commit; written (fenced) before the push, so that after a crash the queue can tell
    -- by fetching whether the push reached the remote.
    intent_before  TEXT,
    intent         TEXT,
    intent_commit  TEXT,
    -- MERGED items whose merge spec-service has not confirmed yet (RecordMerge is retried until it has).
    record_pending BOOLEAN     NOT NULL DEFAULT FALSE,
    record_note    TEXT        NOT NULL DEFAULT '',
    ended_at       TIMESTAMPTZ,
    PRIMARY KEY (merge_id, position),
    CHECK ((intent IS NULL) = (intent_before IS NULL))
);

CREATE INDEX merge_item_record_pending ON merge_item (merge_id) WHERE record_pending;

-- One row per queue. A process works a queue only while it holds the lease: lease_epoch grows with
-- every claim, and every write of the worker is fenced by it (a holder whose lease was taken over
-- cannot record anything). Times are the database's clock.
CREATE TABLE merge_queue (
    project          TEXT        NOT NULL,
    target_branch    TEXT        NOT NULL,
    lease_holder     TEXT,
    lease_epoch      BIGINT      NOT NULL DEFAULT 0,
    lease_expires_at TIMESTAMPTZ,
    -- After a failure (spec-service or the remote away) the queue is not claimed before this time.
    not_before       TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_failure     TEXT        NOT NULL DEFAULT '',
    PRIMARY KEY (project, target_branch),
    CHECK ((lease_holder IS NULL) = (lease_expires_at IS NULL))
);
