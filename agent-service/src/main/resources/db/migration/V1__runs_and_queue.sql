-- Runs of agents on specs, and the queue runners claim them from (docs/agent-service.md).

CREATE TABLE run (
    id                  BIGSERIAL PRIMARY KEY,
    project             TEXT        NOT NULL,
    spec_id             TEXT        NOT NULL,
    -- Prompt template name; '' for the spec's or the project's default.
    prompt              TEXT        NOT NULL DEFAULT '',
    provider            TEXT        NOT NULL,
    model               TEXT        NOT NULL DEFAULT '',
    backend             TEXT        NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('queued', 'preparing', 'running', 'finalizing',
                                        'succeeded', 'failed', 'cancelled', 'timed_out', 'lost')),
    attempt             INT         NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    base_commit         TEXT        NOT NULL DEFAULT '',
    head_commit         TEXT        NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by          TEXT        NOT NULL,
    create_request_id   TEXT,
    -- When the current (or last) attempt was claimed.
    started_at          TIMESTAMPTZ,
    ended_at            TIMESTAMPTZ,
    cost_usd            NUMERIC(14, 6),
    input_tokens        BIGINT,
    output_tokens       BIGINT,
    end_reason          TEXT        NOT NULL DEFAULT '',
    -- The lease epoch whose FinishRun ended the run (a repeated FinishRun is answered from it); NULL otherwise.
    finished_epoch      BIGINT,
    -- Why the last attempt was retried.
    retry_reason        TEXT        NOT NULL DEFAULT '',
    timeout_seconds     INT         NOT NULL CHECK (timeout_seconds > 0),
    -- A queued run is not claimed before this time (the backoff of a retry).
    not_before          TIMESTAMPTZ NOT NULL DEFAULT now(),
    cancel_requested    BOOLEAN     NOT NULL DEFAULT FALSE,
    cancel_requested_by TEXT,
    -- The lease: who holds the run, its fencing epoch (grows with every claim), until when.
    lease_owner         TEXT,
    lease_epoch         BIGINT      NOT NULL DEFAULT 0,
    lease_expires_at    TIMESTAMPTZ,
    CHECK ((status IN ('preparing', 'running', 'finalizing')) = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CHECK ((status IN ('queued', 'preparing', 'running', 'finalizing')) = (ended_at IS NULL))
);

-- At most one active run per spec: the database refuses the second, whoever races.
CREATE UNIQUE INDEX run_one_active_per_spec ON run (project, spec_id)
    WHERE status IN ('queued', 'preparing', 'running', 'finalizing');

-- The queue in its order (oldest run first).
CREATE INDEX run_queue ON run (id) WHERE status = 'queued';

-- Claimed runs: counted against the limits, swept when their lease or timeout runs out.
CREATE INDEX run_claimed ON run (project) WHERE status IN ('preparing', 'running', 'finalizing');

-- Lists by project and spec, newest first.
CREATE INDEX run_by_project ON run (project, id);
CREATE INDEX run_by_spec ON run (project, spec_id, id);

-- Idempotency keys of EnqueueRun.
CREATE UNIQUE INDEX run_create_request_id ON run (project, create_request_id) WHERE create_request_id IS NOT NULL;
