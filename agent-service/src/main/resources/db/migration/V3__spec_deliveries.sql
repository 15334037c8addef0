-- What each ended run reports to its spec, kept until spec-service has it (docs/agent-service.md,
-- "Results"): written in the transaction that ends the run, delivered afterwards, again and again
-- while spec-service is unreachable.
CREATE TABLE spec_delivery (
    run_id          BIGINT      PRIMARY KEY REFERENCES run (id),
    project         TEXT        NOT NULL,
    spec_id         TEXT        NOT NULL,
    -- Who the spec-service calls are made for: the run's creator.
    caller          TEXT        NOT NULL,
    -- The spec's new body after its title; NULL keeps the stored one.
    body            TEXT,
    commits         TEXT[]      NOT NULL DEFAULT '{}',
    branch          TEXT        NOT NULL DEFAULT '',
    model           TEXT        NOT NULL DEFAULT '',
    spec_end        TEXT        NOT NULL CHECK (spec_end IN ('COMPLETED', 'FAILED', 'NEEDS_ATTENTION')),
    reason          TEXT        NOT NULL DEFAULT '',
    completed_at    TEXT        NOT NULL DEFAULT '',
    state           TEXT        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'refused')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT        NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ
);

CREATE INDEX spec_delivery_due ON spec_delivery (next_attempt_at) WHERE state = 'pending';

-- The delivery as clients see it on the run.
ALTER TABLE run ADD COLUMN spec_delivery TEXT NOT NULL DEFAULT '';
ALTER TABLE run ADD COLUMN spec_status_after TEXT NOT NULL DEFAULT '';
