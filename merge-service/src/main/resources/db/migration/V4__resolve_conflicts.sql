-- Resolving conflicts (docs/merge-service.md, "Resolving conflicts"): a request may start merge-conflict runs
-- through agent-service; an item waits as RESOLVING for its run, whose ID is recorded (with the attempt it
-- belongs to, which makes its idempotency key) before or with the enqueue, so a restart never starts a second.
ALTER TABLE merge_request ADD COLUMN resolve BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE merge_item DROP CONSTRAINT merge_item_outcome_check;
ALTER TABLE merge_item ADD CONSTRAINT merge_item_outcome_check CHECK (outcome IN ('PENDING', 'MERGED', 'ALREADY_MERGED',
    'CONFLICT', 'REFUSED', 'SKIPPED', 'MERGEABLE', 'ARCHIVED', 'ALREADY_ARCHIVED', 'VERIFY_FAILED', 'RESOLVING'));
-- The merge-conflict runs started for the item (their number is the attempt of the last), the last one's ID once
-- agent-service answered, and when it was asked for (the wait for it is bounded from there).
ALTER TABLE merge_item ADD COLUMN resolve_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE merge_item ADD COLUMN resolve_run_id BIGINT;
ALTER TABLE merge_item ADD COLUMN resolve_started_at TIMESTAMPTZ;
