-- Merge-conflict runs (docs/agent-service.md, "Merge-conflict runs"): a third kind, the target branch the
-- spec's branch is rebased onto, and a result whose commits replace the spec's (the branch was rebased).
ALTER TABLE run DROP CONSTRAINT run_kind_check;
ALTER TABLE run ADD CONSTRAINT run_kind_check CHECK (kind IN ('work', 'split', 'merge_conflict'));
ALTER TABLE run ADD COLUMN target_branch TEXT NOT NULL DEFAULT '';
ALTER TABLE spec_delivery ADD COLUMN replace_commits BOOLEAN NOT NULL DEFAULT FALSE;
