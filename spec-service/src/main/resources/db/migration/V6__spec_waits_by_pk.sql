-- The readiness rule of one spec by its key, for queries that cannot pass a whole row to
-- spec_waits (JPQL): GetSpec reads a spec and whether it waits in one statement.
CREATE FUNCTION spec_waits_by_pk(spec_pk BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT COALESCE((SELECT s.status = 'PENDING' AND spec_waits(s) FROM spec s WHERE s.pk = spec_pk), FALSE)
$$;
