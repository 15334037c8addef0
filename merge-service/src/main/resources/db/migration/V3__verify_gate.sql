-- The verify gate: a spec whose merge result failed the project's verify command is VERIFY_FAILED, and
-- every item keeps the gate's last run on its merge result (the exact commit it ran on, the exit code,
-- whether it ran out of time, the tail of its output, how long it took). verify_commit is empty while
-- the gate has not run (no gate, a dry run, not reached).
ALTER TABLE merge_item DROP CONSTRAINT merge_item_outcome_check;
ALTER TABLE merge_item ADD CONSTRAINT merge_item_outcome_check CHECK (outcome IN ('PENDING', 'MERGED',
    'ALREADY_MERGED', 'CONFLICT', 'REFUSED', 'SKIPPED', 'MERGEABLE', 'ARCHIVED', 'ALREADY_ARCHIVED', 'VERIFY_FAILED'));
ALTER TABLE merge_item ADD COLUMN verify_commit      TEXT    NOT NULL DEFAULT '';
ALTER TABLE merge_item ADD COLUMN verify_exit_code   INT     NOT NULL DEFAULT 0;
ALTER TABLE merge_item ADD COLUMN verify_timed_out   BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE merge_item ADD COLUMN verify_output      TEXT    NOT NULL DEFAULT '';
ALTER TABLE merge_item ADD COLUMN verify_duration_ms BIGINT  NOT NULL DEFAULT 0;
