-- merge-service's verify gate: a command (an argument list, never a shell string) run on each merge
-- result before the target branch moves; empty for no gate. Its time limit in seconds; 0 leaves it to
-- merge-service (chant.merge.verify.default-timeout-seconds).
ALTER TABLE project ADD COLUMN verify_command TEXT[] NOT NULL DEFAULT '{}'
    CONSTRAINT project_verify_command_length CHECK (cardinality(verify_command) <= 64);
ALTER TABLE project ADD COLUMN verify_timeout_seconds integer NOT NULL DEFAULT 0
    CONSTRAINT project_verify_timeout_range CHECK (verify_timeout_seconds BETWEEN 0 AND 86400);
