-- spec_waits ran the four blocker queries for every row it was asked about. Most specs can wait
-- for nothing (no depends_on, not a member, no approval required): answer those without a query.
-- The expression is simple enough for the planner to inline, and it evaluates the cheap test first.
CREATE OR REPLACE FUNCTION spec_waits(s spec) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT (cardinality(s.depends_on) > 0 OR s.driver_id IS NOT NULL OR COALESCE(s.approval_required, FALSE))
       AND EXISTS (SELECT 1 FROM spec_blockers(s))
$$;
