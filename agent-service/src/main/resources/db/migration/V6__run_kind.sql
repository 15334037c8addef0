-- What a run does: 'work' (an agent works the spec on its branch) or 'split' (an agent proposes the
-- spec's members and the runner creates them; no branch, no result for the spec).
ALTER TABLE run ADD COLUMN kind TEXT NOT NULL DEFAULT 'work' CHECK (kind IN ('work', 'split'));
-- A split run's checked members (JSON), kept before any is created: a later attempt creates these.
ALTER TABLE run ADD COLUMN split_plan TEXT;
