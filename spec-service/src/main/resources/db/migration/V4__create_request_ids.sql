-- Idempotency keys of creates: a client that retries a create after an outage (UNAVAILABLE,
-- DEADLINE_EXCEEDED) sends the same request_id and gets what the first attempt created.
ALTER TABLE project ADD COLUMN create_request_id TEXT;
ALTER TABLE spec ADD COLUMN create_request_id TEXT;
CREATE UNIQUE INDEX spec_create_request_id ON spec (project_id, create_request_id) WHERE create_request_id IS NOT NULL;
