-- A result waiting for delivery goes with its run: deleting a run (as log chunks do) deletes it too.
ALTER TABLE spec_delivery DROP CONSTRAINT spec_delivery_run_id_fkey;
ALTER TABLE spec_delivery ADD CONSTRAINT spec_delivery_run_id_fkey
    FOREIGN KEY (run_id) REFERENCES run (id) ON DELETE CASCADE;
