-- The default timeout of one attempt of a run of the project's specs, in seconds; 0 leaves it to
-- agent-service (chant.agent.default-timeout-seconds). A run's request can still set its own.
ALTER TABLE project ADD COLUMN run_timeout_seconds integer NOT NULL DEFAULT 0
    CONSTRAINT project_run_timeout_range CHECK (run_timeout_seconds BETWEEN 0 AND 86400);
