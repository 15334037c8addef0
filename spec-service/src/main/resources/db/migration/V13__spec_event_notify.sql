-- Watches on every replica wake up when an event is committed through any replica (docs/architecture.md,
-- "Several replicas"): each append notifies channel spec_event, payload the project's ID. NOTIFY is
-- transactional: PostgreSQL delivers it after the commit, to every session that listens, and never for
-- a transaction that rolled back; equal notifications of one transaction are delivered once. A trigger
-- sends it, so no path that appends an event (any RPC, an import) can forget it.
CREATE FUNCTION spec_event_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('spec_event', NEW.project_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER spec_event_appended AFTER INSERT ON spec_event
    FOR EACH ROW EXECUTE FUNCTION spec_event_appended();
