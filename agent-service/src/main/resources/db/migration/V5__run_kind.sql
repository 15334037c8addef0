-- What a run does: 'work' (an agent works the spec on its branch) or 'split' (an agent proposes the
-- spec's members and the runner creates them; no branch, no result for the spec).
ALTER TABLE run ADD COLUMN kind TEXT NOT NULL DEFAULT 'work' CHECK (kind IN ('work', 'split'));
