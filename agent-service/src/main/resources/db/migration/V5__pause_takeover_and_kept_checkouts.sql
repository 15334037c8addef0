-- Pause and takeover (docs/agent-service.md, "Pausing and taking over"): a person asks the runner of a
-- claimed run to stop its agent and keep its checkout as it is; the run ends as cancelled with the
-- kept checkout's path, and the spec goes to paused.
ALTER TABLE run ADD COLUMN pause_requested BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE run ADD COLUMN pause_requested_by TEXT;
-- A takeover is a pause after which a person works on in the checkout; the spec gets a note saying where.
ALTER TABLE run ADD COLUMN takeover BOOLEAN NOT NULL DEFAULT FALSE;
-- Where the run's checkout was kept (under <work-root>/kept), '' when none was.
ALTER TABLE run ADD COLUMN kept_checkout TEXT NOT NULL DEFAULT '';
CREATE INDEX run_kept_checkout ON run (kept_checkout) WHERE kept_checkout <> '';

-- A paused run's spec goes to paused; a run cancelled or paused before it started puts its spec back to pending.
ALTER TABLE spec_delivery DROP CONSTRAINT spec_delivery_spec_end_check;
ALTER TABLE spec_delivery ADD CONSTRAINT spec_delivery_spec_end_check
    CHECK (spec_end IN ('COMPLETED', 'FAILED', 'NEEDS_ATTENTION', 'PAUSED', 'PENDING'));
