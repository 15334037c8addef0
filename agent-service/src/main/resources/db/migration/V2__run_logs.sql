-- Run logs (docs/agent-service.md, "Logs"): the bytes a run's runner appends, stored in chunks at their
-- byte offsets, and the end of each log on its run row, read and moved under the run's row lock.

-- The end of the log (the offset of the next append), truncation marker included.
ALTER TABLE run ADD COLUMN log_size BIGINT NOT NULL DEFAULT 0 CHECK (log_size >= 0);
-- Where the truncation marker starts once the log reached its cap (chant.agent.log-max-bytes); NULL before.
ALTER TABLE run ADD COLUMN log_truncated_at BIGINT;
ALTER TABLE run ADD CONSTRAINT run_log_truncated_at CHECK (log_truncated_at >= 0 AND log_truncated_at < log_size);

-- One row per stored append (and one for the truncation marker). The chunks of a run are contiguous:
-- each starts where the previous one ends, which the append checks under the run's row lock. The lease
-- epoch of the append tells a runner's repeat of its own append from another attempt's equal bytes.
CREATE TABLE run_log_chunk (
    run_id      BIGINT      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    byte_offset BIGINT      NOT NULL CHECK (byte_offset >= 0),
    epoch       BIGINT      NOT NULL,
    data        BYTEA       NOT NULL CHECK (length(data) > 0),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT statement_timestamp(),
    PRIMARY KEY (run_id, byte_offset)
);

-- Followers of a log (FollowLog) wake up on a notification on channel agent_run_log, payload the run's
-- ID, when a chunk is stored or the run ends. NOTIFY is transactional: it is delivered after the commit,
-- to every replica that listens, and never for a transaction that rolled back. Triggers send it, so no
-- path that stores a chunk or ends a run (FinishRun, CancelRun, the sweeper of any replica) can forget it.
CREATE FUNCTION run_log_chunk_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('agent_run_log', NEW.run_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER run_log_chunk_stored AFTER INSERT ON run_log_chunk
    FOR EACH ROW EXECUTE FUNCTION run_log_chunk_stored();

CREATE FUNCTION run_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('agent_run_log', NEW.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER run_ended AFTER UPDATE OF status ON run
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          AND NEW.status IN ('succeeded', 'failed', 'cancelled', 'timed_out', 'lost'))
    EXECUTE FUNCTION run_ended();
