-- Verify runs (docs/agent-service.md, "Verify runs"): merge-service's verify gate as a run of its own, so that
-- it runs where runs run (in Kubernetes, a Job). What to verify, and what the command did once reported.
ALTER TABLE run DROP CONSTRAINT run_kind_check;
ALTER TABLE run ADD CONSTRAINT run_kind_check CHECK (kind IN ('work', 'split', 'merge_conflict', 'verify'));
ALTER TABLE run ADD COLUMN verify_commit TEXT NOT NULL DEFAULT '';
ALTER TABLE run ADD COLUMN verify_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE run ADD COLUMN verify_command TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE run ADD COLUMN verify_timeout_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN verify_exit_code INTEGER;
ALTER TABLE run ADD COLUMN verify_timed_out BOOLEAN;
ALTER TABLE run ADD COLUMN verify_output TEXT;
ALTER TABLE run ADD COLUMN verify_millis BIGINT;
ALTER TABLE run ADD CONSTRAINT run_verify_task CHECK ((kind = 'verify') = (verify_commit <> ''));
