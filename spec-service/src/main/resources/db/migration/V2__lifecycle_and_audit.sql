-- Lifecycle: the audit trail, the readiness rule, and the project's rejection action.

ALTER TABLE project ADD COLUMN rejection_action TEXT NOT NULL DEFAULT 'STOP';

-- Every change to a spec, appended and never updated or deleted. Appends take a per-project
-- advisory lock until commit, so sequence order is commit order within a project and a watcher
-- resuming after the last sequence it saw misses nothing.
CREATE TABLE spec_event (
    sequence     BIGSERIAL PRIMARY KEY,
    project_id   BIGINT      NOT NULL REFERENCES project (id),
    spec_id      TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor        TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    old_value    TEXT        NOT NULL DEFAULT '',
    new_value    TEXT        NOT NULL DEFAULT '',
    from_status  TEXT,
    to_status    TEXT,
    forced       BOOLEAN     NOT NULL DEFAULT FALSE,
    reason       TEXT        NOT NULL DEFAULT '',
    labels       TEXT[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX spec_event_project_idx ON spec_event (project_id, sequence);
CREATE INDEX spec_event_spec_idx    ON spec_event (project_id, spec_id, sequence);

CREATE FUNCTION spec_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'spec_event is append-only: events are never updated or deleted';
END
$$;
CREATE TRIGGER spec_event_append_only BEFORE UPDATE OR DELETE ON spec_event
    FOR EACH ROW EXECUTE FUNCTION spec_event_is_append_only();

-- The one readiness rule. What keeps spec s from being ready, one row per reason:
--   DEPENDENCY          a depends_on entry that is not completed or cancelled (unknown counts as unmet);
--                       an entry naming the spec's own driver (or any ancestor) is ignored;
--   DRIVER_DEPENDENCY   for a member, a depends_on entry of its driver that is not one of its siblings;
--   EARLIER_SIBLING     for a member without depends_on of its own, an earlier member not done;
--   APPROVAL            approval required and not approved.
CREATE FUNCTION spec_blockers(s spec)
RETURNS TABLE (kind TEXT, blocker_id TEXT, blocker_status TEXT)
LANGUAGE sql STABLE AS $$
    SELECT 'DEPENDENCY', d.id, t.status
    FROM unnest(s.depends_on) AS d(id)
    LEFT JOIN spec t ON t.project_id = s.project_id AND t.spec_id = d.id
    WHERE NOT starts_with(s.spec_id, d.id || '.')
      AND t.status IS DISTINCT FROM 'COMPLETED' AND t.status IS DISTINCT FROM 'CANCELLED'
    UNION ALL
    SELECT 'DRIVER_DEPENDENCY', d.id, t.status
    FROM spec drv
    CROSS JOIN unnest(drv.depends_on) AS d(id)
    LEFT JOIN spec t ON t.project_id = s.project_id AND t.spec_id = d.id
    WHERE s.driver_id IS NOT NULL
      AND drv.project_id = s.project_id AND drv.spec_id = s.driver_id
      AND NOT starts_with(d.id, s.driver_id || '.')
      AND NOT starts_with(s.spec_id, d.id || '.')
      AND t.status IS DISTINCT FROM 'COMPLETED' AND t.status IS DISTINCT FROM 'CANCELLED'
    UNION ALL
    SELECT 'EARLIER_SIBLING', sib.spec_id, sib.status
    FROM spec sib
    WHERE s.driver_id IS NOT NULL AND cardinality(s.depends_on) = 0
      AND sib.project_id = s.project_id AND sib.driver_id = s.driver_id
      AND sib.sort_key < s.sort_key
      AND sib.status NOT IN ('COMPLETED', 'CANCELLED')
    UNION ALL
    SELECT 'APPROVAL', NULL, s.approval_status
    WHERE COALESCE(s.approval_required, FALSE) AND s.approval_status IS DISTINCT FROM 'APPROVED'
$$;

-- Whether anything keeps s waiting (see spec_blockers).
CREATE FUNCTION spec_waits(s spec) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM spec_blockers(s))
$$;

-- Pending specs read as blocked while they wait: a stored 'BLOCKED' (imported) is treated as pending.
UPDATE spec SET status = 'PENDING' WHERE status = 'BLOCKED';
