-- spec_waits_by_pk (V6) as a SQL function was planned on every call and cost GetSpec about 0.7 ms:
-- PostgreSQL cannot inline it (it reads the row), and spec_waits(s) is not short-circuited by its
-- own cheap test when called so. PL/pgSQL keeps its plans for the session; the cheap test in front
-- (the same one Blockers.WAITS writes into queries: no depends_on, not a member, no approval
-- required means nothing to wait for) answers most specs without calling spec_waits at all.
CREATE OR REPLACE FUNCTION spec_waits_by_pk(spec_pk BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql STABLE AS $$
DECLARE
    s spec;
BEGIN
    SELECT * INTO s FROM spec WHERE pk = spec_pk;
    IF NOT FOUND OR s.status <> 'PENDING' THEN
        RETURN FALSE;
    END IF;
    IF NOT (cardinality(s.depends_on) > 0 OR s.driver_id IS NOT NULL OR COALESCE(s.approval_required, FALSE)) THEN
        RETURN FALSE;
    END IF;
    RETURN spec_waits(s);
END
$$;
